using System.Buffers;
using TinyNets.Data;
using TinyNets.Inference;
using TinyNets.Metrics;

namespace TinyNets.Tests.Inference;

/// <summary>
/// <see cref="Classifier"/> and <see cref="Regressor"/> at their edges: two-output softmax classifiers, the workspace
/// of a sample on either side of its 256-double stack limit, the order of the argument checks and their messages.
/// Expected values are computed here from the parameters (softmax from its definition, sums by hand).
/// </summary>
public class ClassifierRegressorMutationTests
{
    private static Matrix<double> M(double[,] values) => Matrix<double>.Build.DenseOfArray(values);

    // z = W·x + b with W = [[1, 0], [0, 1], [1, 1]], b = (0, 0, −1), as in ClassifierRegressorTests.
    private static Sequential ThreeClassNet()
    {
        var net = new Sequential(new Linear(2, 3));
        net.SetParameter("0.weight", new[,] { { 1.0, 0.0 }, { 0.0, 1.0 }, { 1.0, 1.0 } });
        net.SetParameter("0.bias", new[] { 0.0, 0.0, -1.0 });
        return net;
    }

    // A single Linear layer whose weight is 1 at the given (row, column) pairs and 0 elsewhere, bias 0: the predictor
    // itself then needs no workspace, so the only one a call takes is the classifier's or regressor's own.
    private static Sequential SparseNet(int inputs, int outputs, Func<int, int, bool> one)
    {
        var net = new Sequential(new Linear(inputs, outputs));
        var weight = new double[outputs, inputs];
        for (int r = 0; r < outputs; r++)
        {
            for (int c = 0; c < inputs; c++)
            {
                weight[r, c] = one(r, c) ? 1.0 : 0.0;
            }
        }

        net.SetParameter("0.weight", weight);
        net.SetParameter("0.bias", new double[outputs]);
        return net;
    }

    private static double[] Filled(int n, double value) => Enumerable.Repeat(value, n).ToArray();

    /// <summary>
    /// Puts an array marked with NaN in this thread's cache of <see cref="ArrayPool{T}.Shared"/> for the bucket of each
    /// length, runs <paramref name="call"/>, then rents each bucket again: whether the same array came back, and whether
    /// something was written into it. (The shared pool keeps one array per bucket and thread, and the next rent on the
    /// thread gets it; a call that rents that bucket and returns it leaves it in place.)
    /// </summary>
    private static (bool Same, bool Written)[] AroundThePool(Action call, params int[] lengths)
    {
        double[][] marked = lengths.Select(n => ArrayPool<double>.Shared.Rent(n)).ToArray();
        foreach (double[] array in marked)
        {
            Array.Fill(array, double.NaN);
            ArrayPool<double>.Shared.Return(array);
        }

        call();

        var result = new (bool, bool)[lengths.Length];
        for (int k = 0; k < lengths.Length; k++)
        {
            double[] again = ArrayPool<double>.Shared.Rent(lengths[k]);
            result[k] = (ReferenceEquals(again, marked[k]), again.Any(v => !double.IsNaN(v)));
            ArrayPool<double>.Shared.Return(again);
        }

        return result;
    }

    [Fact]
    public void Softmax_and_LogSoftmax_over_two_outputs_make_a_two_class_classifier()
    {
        // W = I, b = 0: the sample (1, 3) has logits (1, 3), so class 1 with P = (1, e²) / (1 + e²).
        foreach (Layer last in new Layer[] { new Softmax(), new LogSoftmax() })
        {
            var net = new Sequential(SparseNet(2, 2, (r, c) => r == c)[0], last);
            var classifier = new Classifier(net);

            classifier.ClassCount.Should().Be(2);
            classifier.Output.Should().Be(last is Softmax ? ClassifierOutput.Probabilities : ClassifierOutput.LogProbabilities);
            classifier.PredictClass([1.0, 3.0]).Should().Be(1);
            classifier.PredictClass([3.0, 1.0]).Should().Be(0);
            double[] p = classifier.PredictProbabilities([1.0, 3.0]);
            double e2 = Math.Exp(2);
            p.Should().HaveCount(2);
            Exact(p[0], 1 / (1 + e2));
            Exact(p[1], e2 / (1 + e2));
        }
    }

    [Fact]
    public void A_scaler_of_another_number_of_features_is_refused_with_what_it_must_match()
    {
        var net = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 2)).Initialize(seed: 1);
        StandardScaler one = StandardScaler.FromFitted([0.0], [1.0]);
        StandardScaler three = StandardScaler.FromFitted([0.0, 0.0, 0.0], [1.0, 1.0, 1.0]);

        FluentActions.Invoking(() => new Classifier(net, one)).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "'inputScaler' must be fitted on 2 features (the network's input features); it was fitted on 1. (Parameter 'inputScaler')");
        FluentActions.Invoking(() => new Regressor(net, one)).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "'inputScaler' must be fitted on 2 features (the network's input features); it was fitted on 1. (Parameter 'inputScaler')");
        FluentActions.Invoking(() => new Regressor(net, targetScaler: three)).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "'targetScaler' must be fitted on 2 features (the network's outputs); it was fitted on 3. (Parameter 'targetScaler')");
    }

    [Fact]
    public void Class_names_asked_of_a_classifier_without_them_name_the_remedy()
    {
        var classifier = new Classifier(ThreeClassNet());

        FluentActions.Invoking(() => classifier.PredictClassName([1.0, 2.0])).Should().Throw<InvalidOperationException>().Which.Message
            .Should().Be("This classifier has no class names; pass them to its constructor.");
    }

    [Fact]
    public void A_null_or_repeated_class_name_is_refused_by_its_index()
    {
        FluentActions.Invoking(() => new Classifier(ThreeClassNet(), classNames: ["a", null!, "c"])).Should().Throw<ArgumentException>()
            .Which.Message.Should().Be("Class name 1 is null; each class needs its own name. (Parameter 'classNames')");
        FluentActions.Invoking(() => new Classifier(ThreeClassNet(), classNames: ["a", "b", "a"])).Should().Throw<ArgumentException>()
            .Which.Message.Should().Be("Class name 2 is \"a\" again; each class needs its own name. (Parameter 'classNames')");
    }

    [Fact]
    public void Score_checks_its_own_arguments_before_predicting()
    {
        var classifier = new Classifier(ThreeClassNet());
        Matrix<double> x = M(new[,] { { 2.0, 0.0, 2.0, -1.0 }, { 0.0, 3.0, 2.0, -1.0 } });

        FluentActions.Invoking(() => classifier.Score(null!, [0])).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("inputs");
        FluentActions.Invoking(() => classifier.Score(x, [0, 1])).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "'trueClasses' must hold one class index per sample of 'inputs' (4); 2 were given. (Parameter 'trueClasses')");

        var regressor = new Regressor(ThreeClassNet());
        // Both null: the targets are checked first, before the inputs are predicted.
        FluentActions.Invoking(() => regressor.Score(null!, null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("targets");
    }

    [Fact]
    public void A_batch_is_checked_under_its_own_name_before_the_input_scaler_sees_it()
    {
        StandardScaler scaler = StandardScaler.FromFitted([0.0, 0.0], [1.0, 1.0]);
        var classifier = new Classifier(ThreeClassNet(), scaler);
        var regressor = new Regressor(ThreeClassNet(), scaler);
        Matrix<double> threeRows = M(new[,] { { 1.0 }, { 2.0 }, { 3.0 } });
        Matrix<double> withNaN = M(new[,] { { 1.0, 2.0 }, { 3.0, double.NaN } });
        const string Rows = "'inputs' must have 2 rows (the network's input features, one sample per column); shape 3×1 was given. (Parameter 'inputs')";
        const string NaN = "'inputs' must contain only finite values; entry [1, 1] is NaN. (Parameter 'inputs')";

        FluentActions.Invoking(() => classifier.PredictClasses(threeRows)).Should().Throw<ArgumentException>().Which.Message.Should().Be(Rows);
        FluentActions.Invoking(() => classifier.PredictProbabilities(withNaN)).Should().Throw<ArgumentException>().Which.Message.Should().Be(NaN);
        FluentActions.Invoking(() => regressor.Predict(threeRows)).Should().Throw<ArgumentException>().Which.Message.Should().Be(Rows);
        FluentActions.Invoking(() => regressor.Predict(withNaN)).Should().Throw<ArgumentException>().Which.Message.Should().Be(NaN);
    }

    [Fact]
    public void A_regressor_with_an_input_scaler_checks_the_sample_and_the_output_before_scaling()
    {
        // Feature 0 scales by 1/1e-300: 1e300 maps beyond double's range, which the scaler itself would report.
        var regressor = new Regressor(SparseNet(2, 1, (r, c) => true), StandardScaler.FromFitted([0.0, 0.0], [1e-300, 1.0]));

        FluentActions.Invoking(() => regressor.Predict([1.0], new double[1])).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "'input' must hold 2 values (the network's input features); 1 were given. (Parameter 'input')");
        FluentActions.Invoking(() => regressor.Predict([1.0, double.NaN], new double[1])).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "'input' must contain only finite values; feature 1 is NaN. (Parameter 'input')");
        FluentActions.Invoking(() => regressor.Predict([1e300, 0.0], new double[2])).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "'output' must hold 1 values (the network's output features); 2 were given. (Parameter 'output')");
        // A sample that does scale: 1e-300 / 1e-300 + 2 / 1 = 3.
        regressor.Predict([1e-300, 2.0]).Should().Equal(3.0);
    }

    [Fact]
    public void A_regressor_prints_its_predictor()
    {
        var regressor = new Regressor(new Sequential(new Linear(2, 1)));

        regressor.ToString().Should().Be("Regressor(Predictor(0: Linear(in=2, out=1, bias=True)))");
    }

    [Fact]
    public void A_classifier_workspace_of_256_doubles_is_on_the_stack()
    {
        // 256 outputs and no scaler: the workspace is the outputs alone, 256 doubles. The weight picks x₀ for output
        // 200: the sample (3, 0) has logits 3 at 200 and 0 elsewhere, so class 200 with P = e³ / (e³ + 255).
        var classifier = new Classifier(SparseNet(2, 256, (r, c) => r == 200 && c == 0));
        int predicted = -1;
        double[] p = new double[256];

        var pool = AroundThePool(
            () =>
            {
                predicted = classifier.PredictClass([3.0, 0.0]);
                classifier.PredictProbabilities([3.0, 0.0], p);
            },
            256,
            258);

        predicted.Should().Be(200);
        double e3 = Math.Exp(3);
        Exact(p[200], e3 / (e3 + 255));
        Exact(p[17], 1 / (e3 + 255));
        pool.Should().Equal([(true, false), (true, false)], "neither the workspace nor one with the inputs added is rented");
    }

    [Fact]
    public void A_classifier_workspace_beyond_256_doubles_is_rented_and_returned()
    {
        // 200 outputs and a scaler of 100 features: 300 doubles. W = [I₁₀₀; 0], scaler (x − 1) / 2: the sample of ones
        // with 5 at feature 37 scales to 2 at 37 and 0 elsewhere, so class 37 with P = e² / (e² + 199).
        var classifier = new Classifier(SparseNet(100, 200, (r, c) => r == c), StandardScaler.FromFitted(Filled(100, 1.0), Filled(100, 2.0)));
        double[] x = Filled(100, 1.0);
        x[37] = 5.0;
        int predicted = -1;
        double[] p = new double[200];

        var forClass = AroundThePool(() => predicted = classifier.PredictClass(x), 300);
        var forProbabilities = AroundThePool(() => classifier.PredictProbabilities(x, p), 300);

        predicted.Should().Be(37);
        double e2 = Math.Exp(2);
        Exact(p[37], e2 / (e2 + 199));
        Exact(p[150], 1 / (e2 + 199));
        forClass.Should().Equal([(true, true)], "the workspace is rented, written and given back");
        forProbabilities.Should().Equal([(true, true)], "the workspace is rented, written and given back");
    }

    [Fact]
    public void A_regressor_scales_256_features_on_the_stack()
    {
        // The sum of all features, each scaled by 1/2: the sample (0, 1, …, 255) gives 255·256/4 = 16320.
        var regressor = new Regressor(SparseNet(256, 1, (r, c) => true), StandardScaler.FromFitted(Filled(256, 0.0), Filled(256, 2.0)));
        double[] x = Enumerable.Range(0, 256).Select(i => (double)i).ToArray();
        double[] y = new double[1];

        var pool = AroundThePool(() => regressor.Predict(x, y), 256);

        y[0].Should().Be(16320);
        pool.Should().Equal([(true, false)], "the scaled sample is not rented");
    }

    [Fact]
    public void A_regressor_rents_and_returns_the_scaled_sample_beyond_256_features()
    {
        // As above with 300 features: 299·300/4 = 22425.
        var regressor = new Regressor(SparseNet(300, 1, (r, c) => true), StandardScaler.FromFitted(Filled(300, 0.0), Filled(300, 2.0)));
        double[] x = Enumerable.Range(0, 300).Select(i => (double)i).ToArray();
        double[] y = new double[1];

        var pool = AroundThePool(() => regressor.Predict(x, y), 300);

        y[0].Should().Be(22425);
        pool.Should().Equal([(true, true)], "the scaled sample is rented, written and given back");
    }
}
