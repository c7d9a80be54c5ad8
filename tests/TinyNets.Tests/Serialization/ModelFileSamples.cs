using System.IO;
using System.Text;
using TinyNets.Data;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Serialization;

/// <summary>Model files the reader's tests change one entry of.</summary>
internal static class ModelFileSamples
{
    /// <summary>A valid file with every section: 2-2-1 net, SGD with momentum, a training state with best and last weights, both scalers, class names, metadata.</summary>
    public static string ValidJson()
    {
        var x = Matrix<double>.Build.Dense(2, 5, (i, j) => i + (0.5 * j));
        var y = Matrix<double>.Build.Dense(1, 5, (_, j) => j % 2);
        var inputScaler = new StandardScaler();
        var targetScaler = new MinMaxScaler();
        Matrix<double> xs = inputScaler.FitTransform(x), ys = targetScaler.FitTransform(y);
        var net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1)).Initialize(seed: 2);
        var sgd = new Sgd(net, 0.1, momentum: 0.9);
        var state = new TrainingState();
        net.Fit(xs, ys, new MseLoss(), sgd, state, new FitOptions { Epochs = 3, BatchSize = 2, EarlyStopping = new EarlyStopping(patience: 10) });
        state.HasBestWeights.Should().BeTrue();
        state.HasLastWeights.Should().BeTrue();
        var bundle = new ModelBundle(net)
        {
            Optimizer = sgd,
            TrainingState = state,
            InputScaler = inputScaler,
            TargetScaler = targetScaler,
            ClassNames = ["zero"],
            Metadata = new Dictionary<string, string> { ["k"] = "v" },
        };
        using var stream = new MemoryStream();
        bundle.Save(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
