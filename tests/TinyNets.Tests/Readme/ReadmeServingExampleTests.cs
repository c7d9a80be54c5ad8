using System.IO;
using TinyNets.Data;
using TinyNets.Inference;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Readme;

/// <summary>The README's "Saving, loading and serving" snippets, run as written (only the file names get a temporary
/// folder), each checked against an independent computation: the same network's own Forward, or an uninterrupted run.</summary>
public sealed class ReadmeServingExampleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tinynets-readme-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string F(string name) => Path.Combine(_folder, name);

    private static (Matrix<double> X, Matrix<double> Y) Data(int samples)
    {
        var random = new SeededRandom(3);
        var x = Matrix<double>.Build.Dense(4, samples, (_, _) => random.NextUniform(-2, 2));
        var y = Matrix<double>.Build.Dense(3, samples, (i, j) => Math.Sin(x[i, j]) + x[3, j]);
        return (x, y);
    }

    [Fact]
    public void ModelFiles()
    {
        var net = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3)).Initialize(1);
        Matrix<double> x = Data(5).X;

        net.Save(F("model.json"));
        Sequential same = ModelFile.Load(F("model.json"));

        same.Forward(x).Should().Be(net.Forward(x).Clone());
    }

    [Fact]
    public void AModelWithItsPreprocessing()
    {
        var net = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3)).Initialize(2);
        (Matrix<double> rawFeatures, Matrix<double> targets) = Data(7);
        var (inputs, outputs) = (new StandardScaler(), new StandardScaler());
        inputs.Fit(rawFeatures);
        outputs.Fit(targets);
        Matrix<double> expected = outputs.InverseTransform(net.Forward(inputs.Transform(rawFeatures)));

        new ModelBundle(net) { InputScaler = inputs, TargetScaler = outputs, Metadata = new Dictionary<string, string> { ["data"] = "airfoil" } }
            .Save(F("airfoil.json"));
        ModelBundle model = ModelBundle.Load(F("airfoil.json"));
        Matrix<double> decibels = model.Predict(rawFeatures);   // scale, Forward, inverse-scale: a new matrix

        decibels.Should().Be(expected);
        model.Metadata["data"].Should().Be("airfoil");
    }

    [Fact]
    public void ContinuingTrainingExactly()
    {
        (Matrix<double> x, Matrix<double> y) = Data(40);
        var loss = new MseLoss();
        var uninterrupted = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3)).Initialize(4);
        uninterrupted.Fit(x, y, loss, new Adam(uninterrupted), new FitOptions { Epochs = 10, BatchSize = 16, EarlyStopping = new EarlyStopping(10) });

        var net = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3)).Initialize(4);
        var adam = new Adam(net);
        var state = new TrainingState();
        net.Fit(x, y, loss, adam, state, new FitOptions { Epochs = 5, BatchSize = 16, EarlyStopping = new EarlyStopping(10) });
        new ModelBundle(net) { Loss = loss, Optimizer = adam, TrainingState = state }.Save(F("checkpoint.json"));

        ModelBundle checkpoint = ModelBundle.Load(F("checkpoint.json"));
        checkpoint.Network.Fit(x, y, checkpoint.Loss!, checkpoint.Optimizer!, checkpoint.TrainingState!, new FitOptions { Epochs = 5, BatchSize = 16, EarlyStopping = new EarlyStopping(10) });
        checkpoint.Loss.Should().BeOfType<MseLoss>().Which.Reduction.Should().Be(Reduction.Mean);

        foreach ((string name, Parameter p) in uninterrupted.NamedParameters)
        {
            checkpoint.Network.GetParameter(name).Value.Should().Be(p.Value, name);
        }
    }

    [Fact]
    public void ExchangeWithPyTorch()
    {
        // What PyTorch's save_file writes, stood in for by TinyNets' own writer (F32, PyTorch's dtype).
        var trained = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3)).Initialize(5);
        trained.SaveSafetensors(F("model.safetensors"), SafetensorsDType.F32);

        var net = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3));
        net.LoadSafetensors(F("model.safetensors"));   // strict: every name and shape must match, else one error listing all

        foreach ((string name, Parameter p) in trained.NamedParameters)
        {
            Matrix<double> expected = p.Value.Map(v => (double)(float)v);
            net.GetParameter(name).Value.Should().Be(expected, name);
        }
    }

    [Fact]
    public void ServingFromManyThreads()
    {
        var net = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3)).Initialize(6);
        Matrix<double> inputs = Data(64).X;
        double[] features = inputs.Column(0).ToArray();
        double[] rows = inputs.AsColumnMajorArray();   // [64, 4] row-major: the same memory
        var outputSpan = new double[3];
        var outputs = new double[64 * 3];

        var predictor = net.ToPredictor();              // or new Predictor(net)
        double[] y = predictor.Predict(features);       // one sample, a new array
        predictor.Predict(features, outputSpan);        // one sample, allocation-free
        predictor.PredictBatch(rows, outputs, batchSize: 64, BatchLayout.SamplesContiguous);   // [N, features] as PyTorch lays it out
        Matrix<double> batch = predictor.Predict(inputs);   // features × batch, like Forward, a new matrix

        Matrix<double> expected = net.Forward(inputs).Clone();
        batch.Should().Be(expected);
        outputs.Should().Equal(expected.AsColumnMajorArray());
        Vector<double> first = net.Forward(Vector<double>.Build.DenseOfArray(features));
        y.Should().Equal(first.ToArray());
        outputSpan.Should().Equal(first.ToArray());
    }
}
