using TinyNets.Data;
using TinyNets.Metrics;
using TinyNets.Training;

namespace TinyNets.Tests.Readme;

/// <summary>The README's code, run as written (only the data path differs), so the README stays true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ApiTour_Sheet004_GivesTheNumbersTheCommentsClaim()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));   // z = W·x + b, W is out×in
        net.SetParameter("0.weight", new[,] { { 0.2, 0.4 }, { 0.8, 0.1 }, { 2.0, 0.5 } });
        net.SetParameter("0.bias", new[] { 1.0, 1.0, -4.0 });
        net.SetParameter("2.weight", new[,] { { 0.5, -1.0, 0.0 } });
        net.SetParameter("2.bias", new[] { 3.0 });

        var x = Matrix<double>.Build.DenseOfColumnArrays(new[] { 1.0, 2.0 });     // one sample per column
        var yHat = net.Forward(x);                        // ŷ = 2; net[0].Output is z = (2, 2, −1), net[1].Output is h = (2, 2, 0)
        yHat[0, 0].Should().Be(2.0);
        net[0].Output!.ToColumnMajorArray().Should().Equal(2.0, 2.0, -1.0);
        net[1].Output!.ToColumnMajorArray().Should().Equal(2.0, 2.0, 0.0);
        var loss = new SoftplusLoss();                    // ln(1 + exp((1 − 2y)·ŷ)), as the sheet writes it
        double l = loss.Forward(yHat, Matrix<double>.Build.Dense(1, 1, -1.0));   // 6.002475685137730 (sheet: ≈ 6)
        Exact(l, Math.Log(1 + Math.Exp(6)));
        net.Backward(loss.Backward());                    // every gradient, by name: net.GetGradient("0.weight")[0, 1] = 2.9925…
        Exact(net.GetGradient("0.weight")[0, 1], 3 * Sig(6));
        new Sgd(net, learningRate: 0.1).Step();           // θ ← θ − η·g
        double w12 = net.GetParameter("0.weight").Value[0, 1];                   // 0.1007417869469904 (sheet: 0.4 − 0.3 = 0.1)
        Exact(w12, 0.4 - (0.1 * 3 * Sig(6)));
    }

    [Fact]
    public void TrainingInOneCall_OnAirfoil_BeatsThePredictTheMeanBaseline()
    {
        string path = System.IO.Path.Combine(AppContext.BaseDirectory, "data", "airfoil", "airfoil_self_noise.dat");
        var data = DelimitedFile.Load(path, new DelimitedFileOptions { Delimiter = FieldDelimiter.Tab });
        var split = DataSplit.TrainTestSplit(data, testFraction: 0.2, seed: 42);
        var (inputs, outputs) = (new StandardScaler(), new StandardScaler());
        var (x, y) = (inputs.FitTransform(split.XTrain), outputs.FitTransform(split.YTrain));   // fit on the training part only
        var net = new Sequential(new Linear(5, 64), new Tanh(), new Linear(64, 1)).Initialize(seed: 1);
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Adam(net, learningRate: 1e-3), new FitOptions
        {
            Epochs = 500, BatchSize = 32, Seed = 7, EarlyStopping = new EarlyStopping(patience: 25),
            ValidationInputs = inputs.Transform(split.XTest), ValidationTargets = outputs.Transform(split.YTest),
        });
        var predicted = outputs.InverseTransform(net.Forward(inputs.Transform(split.XTest)));
        double rmse = RegressionMetrics.RootMeanSquaredError(predicted, split.YTest);

        // The baseline predicts the training mean for every test sample (its RMSE is about the target's spread, ≈ 7 dB).
        double mean = split.YTrain.Row(0).Average();
        double baseline = RegressionMetrics.RootMeanSquaredError(Matrix<double>.Build.Dense(1, split.YTest.ColumnCount, mean), split.YTest);
        history.Epochs.Should().NotBeEmpty();
        history.StopReason.Should().NotBe(StopReason.Diverged);
        rmse.Should().BeLessThan(baseline / 2, "the one-hidden-layer net explains most of the variance");
    }
}
