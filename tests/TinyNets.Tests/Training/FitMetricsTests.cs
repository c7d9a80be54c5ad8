using TinyNets.Data;
using TinyNets.Metrics;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

public class FitMetricsTests
{
    private static Matrix<double> M(double[,] values) => Matrix<double>.Build.DenseOfArray(values);

    // Logits of 3 classes for 4 samples; arg-max by eye: 0, 1, 2, 1. One-hot targets of classes 0, 1, 1, 0.
    private static readonly Matrix<double> Logits = M(new[,] { { 3.0, 0.0, -1.0, 0.5 }, { 1.0, 2.0, 0.0, 0.9 }, { 0.0, 1.0, 4.0, -2.0 } });
    private static readonly Matrix<double> Targets = OneHot.Encode([0, 1, 1, 0], 3);

    [Fact]
    public void Accuracy_and_f1_decode_logits_and_one_hot_targets()
    {
        // Predicted 0, 1, 2, 1 against 0, 1, 1, 0: samples 0 and 1 right → 1/2.
        NamedMetric accuracy = FitMetrics.Accuracy();
        accuracy.Name.Should().Be("accuracy");
        accuracy.Compute(Logits, Targets).Should().Be(0.5);

        // Per class (tp, predicted, true): 0: (1, 1, 2) → F1 2/3; 1: (1, 2, 2) → F1 1/2; 2: (0, 1, 0) → F1 0.
        // Macro over the classes present (0, 1, 2): (2/3 + 1/2 + 0)/3 = 7/18.
        NamedMetric f1 = FitMetrics.F1(MetricAverage.Macro);
        f1.Name.Should().Be("f1_macro");
        Exact(f1.Compute(Logits, Targets), 7.0 / 18);
        FitMetrics.Precision(MetricAverage.Weighted).Name.Should().Be("precision_weighted");
        // Weighted recall by true counts 2, 2, 0: (2·1/2 + 2·1/2)/4 = 1/2.
        Exact(FitMetrics.Recall(MetricAverage.Weighted).Compute(Logits, Targets), 0.5);
        FitMetrics.F1(MetricAverage.Binary).Name.Should().Be("f1");
        FitMetrics.Accuracy(name: "val acc").Name.Should().Be("val acc");
    }

    [Fact]
    public void A_single_output_is_a_binary_classifier_thresholded_at_probability_one_half()
    {
        // Logits −1, 0, 0.5, 2: sigmoid 0.27, 0.5, 0.62, 0.88 → classes 0, 0 (exactly ½ is class 0), 1, 1.
        Matrix<double> logits = M(new[,] { { -1.0, 0.0, 0.5, 2.0 } });
        Matrix<double> targets = M(new[,] { { 0.0, 1.0, 1.0, 0.0 } });
        FitMetrics.Accuracy().Compute(logits, targets).Should().Be(0.5);
        // Class 1: tp 1 (sample 2), predicted 2, true 2 → F1 1/2.
        Exact(FitMetrics.F1(MetricAverage.Binary).Compute(logits, targets), 0.5);

        // The same decisions from probabilities, and from log-probabilities.
        Matrix<double> p = logits.Map(Sig);
        FitMetrics.Accuracy(ClassifierOutput.Probabilities).Compute(p, targets).Should().Be(0.5);
        FitMetrics.Accuracy(ClassifierOutput.LogProbabilities).Compute(p.PointwiseLog(), targets).Should().Be(0.5);
    }

    [Fact]
    public void Log_loss_and_roc_auc_read_probabilities_from_logits()
    {
        // Softmax of each column, then the true class's probability; computed here from the definition.
        int[] truth = [0, 1, 1, 0];
        double expected = 0;
        for (int j = 0; j < 4; j++)
        {
            double[] z = Logits.Column(j).ToArray();
            expected -= Math.Log(Math.Exp(z[truth[j]]) / z.Sum(Math.Exp));
        }

        Exact(FitMetrics.LogLoss().Compute(Logits, Targets), expected / 4);

        // Binary: AUC of the logits equals that of their sigmoid (a monotone map). Scores −1, 0, 0.5, 2 with classes
        // 0, 1, 1, 0: pairs (0 vs −1) 1, (0 vs 2) 0, (0.5 vs −1) 1, (0.5 vs 2) 0 → 1/2.
        Exact(FitMetrics.RocAuc().Compute(M(new[,] { { -1.0, 0.0, 0.5, 2.0 } }), M(new[,] { { 0.0, 1.0, 1.0, 0.0 } })), 0.5);
        FitMetrics.RocAuc(MetricAverage.Weighted).Name.Should().Be("roc_auc_weighted");
    }

    [Fact]
    public void Regression_metrics_can_report_in_the_targets_units()
    {
        // Targets scaled by a standard scaler fitted on 0, 10 (mean 5, std 5); outputs 0 and 1 in scaled units are 5 and 10.
        var scaler = new StandardScaler();
        Matrix<double> y = scaler.FitTransform(M(new[,] { { 0.0, 10.0 } }));   // −1, 1
        Matrix<double> output = M(new[,] { { 0.0, 1.0 } });
        // Errors in original units: 5 − 0 = 5 and 10 − 10 = 0 → MSE 12.5, RMSE √12.5, MAE 2.5; in scaled units 1, 0 → MSE ½.
        Exact(FitMetrics.MeanSquaredError(scaler).Compute(output, y), 12.5);
        Exact(FitMetrics.RootMeanSquaredError(scaler).Compute(output, y), Math.Sqrt(12.5));
        Exact(FitMetrics.MeanAbsoluteError(scaler).Compute(output, y), 2.5);
        Exact(FitMetrics.MeanSquaredError().Compute(output, y), 0.5);
        // R²: 1 − SSres/SStot = 1 − (1 + 0)/(1 + 1) = 1/2 (scale-free).
        Exact(FitMetrics.R2().Compute(output, y), 0.5);
        FitMetrics.R2().Name.Should().Be("r2");
        FluentActions.Invoking(() => FitMetrics.MeanSquaredError(new StandardScaler()))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("targetScaler");
    }

    [Fact]
    public void Bad_targets_and_settings_are_refused_with_their_names()
    {
        FluentActions.Invoking(() => FitMetrics.Accuracy().Compute(Logits, M(new[,] { { 0.5, 1, 0, 0 }, { 0.5, 0, 1, 1 }, { 0, 0, 0, 0 } })))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "targets" && e.Message.Contains("[0, 0] is 0.5"));
        FluentActions.Invoking(() => FitMetrics.Accuracy().Compute(Logits, OneHot.Encode([0, 1], 3)))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "targets" && e.Message.Contains("3×4") && e.Message.Contains("3×2"));
        FluentActions.Invoking(() => FitMetrics.Accuracy().Compute(M(new[,] { { 1.0 } }), M(new[,] { { 2.0 } })))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("0 or 1");
        FluentActions.Invoking(() => FitMetrics.F1(MetricAverage.Macro, zeroDivision: 2))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("zeroDivision");
        FluentActions.Invoking(() => FitMetrics.RocAuc(MetricAverage.Micro))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("average");
        FluentActions.Invoking(() => FitMetrics.Accuracy((ClassifierOutput)7))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("output");
    }

    [Fact]
    public void Fit_reports_the_ready_made_metrics_of_the_trained_network()
    {
        // Two blobs in 2-D, a 2-class softmax classifier; after one epoch the reported accuracy is that of the network
        // as it stands, computed here by hand from Forward.
        var rng = new SeededRandom(3);
        int n = 40;
        int[] classes = Enumerable.Range(0, n).Select(j => j % 2).ToArray();
        Matrix<double> x = Matrix<double>.Build.Dense(2, n, (i, j) => (classes[j] == 0 ? -1 : 1) + rng.NextUniform(-1.5, 1.5));
        Matrix<double> y = OneHot.Encode(classes, 2);
        var net = new Sequential(new Linear(2, 2)).Initialize(seed: 1);

        TrainingHistory history = net.Fit(x, y, new CrossEntropyLoss(), new Sgd(net, 0.1), new FitOptions
        {
            Epochs = 1,
            BatchSize = 8,
            Metrics = [FitMetrics.Accuracy(), FitMetrics.F1(MetricAverage.Macro)],
        });

        Matrix<double> output = net.Forward(x);
        int correct = Enumerable.Range(0, n).Count(j => (output[1, j] > output[0, j] ? 1 : 0) == classes[j]);
        history.Epochs[0].Metrics["accuracy"].Should().Be((double)correct / n);
        history.Epochs[0].Metrics.Keys.Should().BeEquivalentTo("accuracy", "f1_macro");
    }
}
