using System.IO;
using System.Threading;
using System.Threading.Tasks;
using TinyNets.Data;
using TinyNets.Inference;
using TinyNets.Metrics;
using TinyNets.Serialization;

namespace TinyNets.Tests.Inference;

/// <summary>
/// <see cref="Classifier"/> and <see cref="Regressor"/>: classes, probabilities and values from the documented rules,
/// computed here from the parameters (logits by hand, softmax and sigmoid from their definitions), scalers applied as
/// the scalers themselves do, snapshots, and the scikit-learn-style scores.
/// </summary>
public class ClassifierRegressorTests
{
    private static Matrix<double> M(double[,] values) => Matrix<double>.Build.DenseOfArray(values);

    // z = W·x + b with W = [[1, 0], [0, 1], [1, 1]], b = (0, 0, −1): z = (x₀, x₁, x₀ + x₁ − 1).
    private static Sequential ThreeClassNet(params Layer[] tail)
    {
        var net = new Sequential([new Linear(2, 3), .. tail]);
        net.SetParameter("0.weight", new[,] { { 1.0, 0.0 }, { 0.0, 1.0 }, { 1.0, 1.0 } });
        net.SetParameter("0.bias", new[] { 0.0, 0.0, -1.0 });
        return net;
    }

    // Samples (columns): (2, 0), (0, 3), (2, 2), (−1, −1) → z = (2, 0, 1), (0, 3, 2), (2, 2, 3), (−1, −1, −3)
    // → classes 0, 1, 2, 0 (the last ties rows 0 and 1: the first wins).
    private static readonly Matrix<double> X = M(new[,] { { 2.0, 0.0, 2.0, -1.0 }, { 0.0, 3.0, 2.0, -1.0 } });

    private static double[] SoftmaxOf(params double[] z)
    {
        double[] e = z.Select(Math.Exp).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }

    [Fact]
    public void Logits_give_arg_max_classes_and_softmax_probabilities()
    {
        var classifier = new Classifier(ThreeClassNet());

        classifier.Output.Should().Be(ClassifierOutput.Logits);
        classifier.ClassCount.Should().Be(3);
        classifier.PredictClasses(X).Should().Equal(0, 1, 2, 0);
        classifier.PredictClass([0.0, 3.0]).Should().Be(1);
        Matrix<double> p = classifier.PredictProbabilities(X);
        double[][] z = [[2, 0, 1], [0, 3, 2], [2, 2, 3], [-1, -1, -3]];
        for (int j = 0; j < 4; j++)
        {
            double[] expected = SoftmaxOf(z[j]);
            for (int c = 0; c < 3; c++)
            {
                Exact(p[c, j], expected[c]);
            }

            classifier.PredictProbabilities(X.Column(j).ToArray()).Should().Equal(p.Column(j).ToArray(), "the sample and batch paths agree bit for bit");
        }

        // Score: accuracy against 0, 1, 1, 0 → 3/4.
        classifier.Score(X, [0, 1, 1, 0]).Should().Be(0.75);
    }

    [Fact]
    public void The_last_layer_says_what_the_outputs_are()
    {
        var softmax = new Classifier(ThreeClassNet(new Softmax()));
        var logSoftmax = new Classifier(ThreeClassNet(new LogSoftmax()));
        var logits = new Classifier(ThreeClassNet());

        softmax.Output.Should().Be(ClassifierOutput.Probabilities);
        logSoftmax.Output.Should().Be(ClassifierOutput.LogProbabilities);
        softmax.PredictClasses(X).Should().Equal(0, 1, 2, 0);
        logSoftmax.PredictClasses(X).Should().Equal(0, 1, 2, 0);
        // Probabilities are the Softmax layer's output as is; exp of LogSoftmax's agrees with the logits' softmax.
        softmax.PredictProbabilities(X).Should().Be(ThreeClassNet(new Softmax()).Forward(X));
        Matrix<double> fromLog = logSoftmax.PredictProbabilities(X), fromLogits = logits.PredictProbabilities(X);
        for (int k = 0; k < 12; k++)
        {
            Exact(fromLog[k % 3, k / 3], fromLogits[k % 3, k / 3]);
        }
    }

    [Fact]
    public void A_single_output_is_binary_with_class_1_above_probability_one_half()
    {
        // z = x₀ − x₁: samples give z = 2, −3, 0, 0.5 → p = σ(z); z = 0 is p = ½ exactly, class 0.
        var net = new Sequential(new Linear(2, 1));
        net.SetParameter("0.weight", new[,] { { 1.0, -1.0 } });
        net.SetParameter("0.bias", new[] { 0.0 });
        Matrix<double> x = M(new[,] { { 2.0, 0.0, 1.0, 1.0 }, { 0.0, 3.0, 1.0, 0.5 } });
        var classifier = net.ToClassifier();

        classifier.ClassCount.Should().Be(2);
        classifier.PredictClasses(x).Should().Equal(1, 0, 0, 1);
        Matrix<double> p = classifier.PredictProbabilities(x);
        double[] z = [2, -3, 0, 0.5];
        for (int j = 0; j < 4; j++)
        {
            Exact(p[1, j], Sig(z[j]));
            Exact(p[0, j], 1 - Sig(z[j]));
        }

        // A Sigmoid layer at the end: its output is the probability itself, with the same decisions.
        var withSigmoid = new Sequential(net[0], new Sigmoid()).ToClassifier();
        withSigmoid.Output.Should().Be(ClassifierOutput.Probabilities);
        withSigmoid.PredictClasses(x).Should().Equal(1, 0, 0, 1);
        withSigmoid.PredictProbabilities([1.0, 0.5])[1].Should().Be(Sigmoid.Function(0.5));
    }

    [Fact]
    public void Output_layers_that_do_not_make_a_classifier_are_refused()
    {
        FluentActions.Invoking(() => new Classifier(ThreeClassNet(new Sigmoid())))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "network" && e.Message.Contains("multi-label"));
        FluentActions.Invoking(() => new Classifier(new Sequential(new Linear(2, 1), new Softmax())))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("over 1 output");
        FluentActions.Invoking(() => new Classifier(ThreeClassNet(), classNames: ["a", "b"]))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "classNames" && e.Message.Contains("(3)") && e.Message.Contains("2 were given"));
        FluentActions.Invoking(() => new Classifier(ThreeClassNet(), classNames: ["a", "b", "a"]))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("\"a\" again");
        var classifier = new Classifier(ThreeClassNet());
        FluentActions.Invoking(() => classifier.PredictClass([1.0])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("input");
        FluentActions.Invoking(() => classifier.PredictClassName([1.0, 2.0])).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => classifier.PredictProbabilities([1.0, 2.0], new double[2]))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("probabilities");
        FluentActions.Invoking(() => classifier.Score(X, [0, 1, 3, 0]))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("trueClasses");
        FluentActions.Invoking(() => classifier.Score(X, [0, 1]))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("trueClasses");
    }

    [Fact]
    public void The_input_scaler_is_applied_first_and_copied()
    {
        var scaler = new StandardScaler();
        scaler.Fit(M(new[,] { { 0.0, 4.0 }, { 1.0, 3.0 } }));   // means (2, 2), stds (2, 1)
        var classifier = new Classifier(ThreeClassNet(), scaler, ["left", "up", "both"]);
        // Raw (6, 2) scales to (2, 0): class 0; raw (2, 5) to (0, 3): class 1.
        classifier.PredictClass([6.0, 2.0]).Should().Be(0);
        classifier.PredictClassName([2.0, 5.0]).Should().Be("up");
        Matrix<double> raw = M(new[,] { { 6.0, 2.0, 6.0 }, { 2.0, 5.0, 4.0 } });
        classifier.PredictProbabilities(raw).Should().Be(new Classifier(ThreeClassNet()).PredictProbabilities(scaler.Transform(raw)));

        scaler.Fit(M(new[,] { { 100.0, 200.0 }, { 100.0, 300.0 } }));   // refitting the caller's scaler changes nothing
        classifier.PredictClass([6.0, 2.0]).Should().Be(0);
        FluentActions.Invoking(() => classifier.PredictClass([double.NaN, 1.0])).Should().Throw<ArgumentException>().Which.Message.Should().Contain("feature 0 is NaN");
        FluentActions.Invoking(() => new Classifier(ThreeClassNet(), new StandardScaler()))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("inputScaler");
        FluentActions.Invoking(() => new Classifier(ThreeClassNet(), StandardScaler.FromFitted([0.0], [1.0])))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "inputScaler" && e.Message.Contains("2 features") && e.Message.Contains("fitted on 1"));
    }

    [Fact]
    public void A_regressor_predicts_in_the_targets_units_as_the_model_bundle_does()
    {
        var net = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 2)).Initialize(seed: 9);
        var inputs = MinMaxScaler.FromFitted([0.0, -5.0], [10.0, 5.0]);
        var targets = StandardScaler.FromFitted([100.0, -3.0], [20.0, 0.5]);
        var bundle = new ModelBundle(net) { InputScaler = inputs, TargetScaler = targets };
        Regressor regressor = bundle.ToRegressor();
        Matrix<double> raw = M(new[,] { { 1.0, 7.5, 3.0, 9.0 }, { -2.0, 4.0, 0.0, -4.5 } });

        Matrix<double> expected = bundle.Predict(raw);
        regressor.Predict(raw).Should().Be(expected, "the same kernels, scalers and order as Forward");
        for (int j = 0; j < 4; j++)
        {
            regressor.Predict(raw.Column(j).ToArray()).Should().Equal(expected.Column(j).ToArray());
        }

        // R² per output, averaged, from its definition against some targets.
        Matrix<double> truth = expected + M(new[,] { { 1.0, -1.0, 2.0, 0.0 }, { 0.1, 0.0, -0.2, 0.1 } });
        double r2 = 0;
        for (int i = 0; i < 2; i++)
        {
            double mean = truth.Row(i).Average();
            double residual = Enumerable.Range(0, 4).Sum(j => Math.Pow(truth[i, j] - expected[i, j], 2));
            double spread = Enumerable.Range(0, 4).Sum(j => Math.Pow(truth[i, j] - mean, 2));
            r2 += (1 - residual / spread) / 2;
        }

        Exact(regressor.Score(raw, truth), r2);
        FluentActions.Invoking(() => new Regressor(net, targetScaler: StandardScaler.FromFitted([0.0], [1.0])))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("targetScaler");
        FluentActions.Invoking(() => bundle.ToClassifier()).Should().Throw<ArgumentException>().Which.Message.Should().Contain("ToRegressor");
    }

    [Fact]
    public void A_bundle_becomes_a_classifier_with_its_class_names()
    {
        var bundle = new ModelBundle(ThreeClassNet()) { ClassNames = ["left", "up", "both"] };
        using var stream = new MemoryStream();
        bundle.Save(stream);
        stream.Position = 0;

        Classifier classifier = ModelBundle.Load(stream).ToClassifier();

        classifier.ClassNames.Should().Equal("left", "up", "both");
        classifier.PredictClassName([2.0, 2.0]).Should().Be("both");
    }

    [Fact]
    public void Many_threads_at_once_get_the_single_threaded_answers()
    {
        var net = new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 4)).Initialize(seed: 2);
        var classifier = net.ToClassifier(StandardScaler.FromFitted([1.0, 2.0, 3.0], [0.5, 2.0, 1.0]));
        var rng = new SeededRandom(4);
        double[][] samples = Enumerable.Range(0, 64).Select(_ => new[] { rng.NextUniform(-3, 3), rng.NextUniform(-3, 3), rng.NextUniform(-3, 3) }).ToArray();
        double[][] expected = samples.Select(s => classifier.PredictProbabilities(s)).ToArray();
        var failures = 0;

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            double[] s = samples[i % samples.Length];
            if (!classifier.PredictProbabilities(s).SequenceEqual(expected[i % samples.Length]))
            {
                Interlocked.Increment(ref failures);
            }
        });

        failures.Should().Be(0);
    }

    [Fact]
    public void The_span_overloads_allocate_nothing()
    {
        var net = new Sequential(new Linear(3, 8), new Tanh(), new Linear(8, 4)).Initialize(seed: 6);
        var classifier = net.ToClassifier(StandardScaler.FromFitted([1.0, 2.0, 3.0], [0.5, 2.0, 1.0]));
        var regressor = net.ToRegressor(MinMaxScaler.FromFitted([0.0, 0.0, 0.0], [1.0, 2.0, 3.0]), StandardScaler.FromFitted([1, 2, 3, 4.0], [1, 1, 2, 2.0]));
        double[] input = [0.5, -1.0, 2.0];
        double[] probabilities = new double[4], values = new double[4];
        int sink = 0;

        void Calls()
        {
            sink += classifier.PredictClass(input);
            classifier.PredictProbabilities(input, probabilities);
            regressor.Predict(input, values);
        }

        for (int i = 0; i < 50; i++)
        {
            Calls();
        }

        // As in AllocationTests: the runtime may allocate now and then on this thread (tiered JIT); the library's own
        // allocation would show in every window, so the quietest one must read 0.
        long fewest = long.MaxValue;
        for (int window = 0; window < 10 && fewest > 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                Calls();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.Should().Be(0);
        sink.Should().BeGreaterThanOrEqualTo(0);
        probabilities.Sum().Should().BeApproximately(1.0, 1e-12);
    }

    [Fact]
    public void A_sample_whose_plain_scaling_overflows_takes_the_scalers_own_wide_evaluation()
    {
        // Input: (1e308 − (−1e308)) / 1e300 overflows in the difference, yet is 2e8. Target: 2·1e308 + (−1e308)
        // overflows in the product, yet is 1e308. The span path must give what the scalers give on a matrix.
        var net = new Sequential(new Linear(1, 1));
        net.SetParameter("0.weight", new[,] { { 1e-8 } });
        net.SetParameter("0.bias", new[] { 0.0 });
        var inputs = StandardScaler.FromFitted([-1e308], [1e300]);
        var targets = StandardScaler.FromFitted([-1e308], [1e308]);
        var regressor = new Regressor(net, inputs, targets);

        double expected = targets.InverseTransform(net.Forward(inputs.Transform(M(new[,] { { 1e308 } }))).Clone())[0, 0];
        expected.Should().BeApproximately(1e308, 1e293);
        regressor.Predict([1e308])[0].Should().Be(expected);
        regressor.Predict(M(new[,] { { 1e308 } }))[0, 0].Should().Be(expected);

        // Beyond double's range: refused, as the scaler refuses it.
        FluentActions.Invoking(() => new Regressor(net, targetScaler: targets).Predict([1e10])).Should().Throw<ArgumentException>();
    }
}
