using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Serialization;
using TinyNets.Serialization.Onnx;
using TinyNets.Training;

namespace TinyNets.Fuzz;

/// <summary>
/// Writes the seed inputs: small valid files of each format, written by the library's own writers (or, for delimited
/// text, typed here), and a few broken ones (truncated, a byte flipped, a lying length). The fuzzer starts from these.
/// </summary>
internal static class Seeds
{
    /// <summary>Writes the seeds under <paramref name="folder"/>, one subfolder per target.</summary>
    /// <param name="folder">The output folder.</param>
    public static void Write(string folder)
    {
        Write(folder, "onnx", OnnxSeeds());
        Write(folder, "safetensors", SafetensorsSeeds());
        Write(folder, "modelfile", ModelFileSeeds());
        Write(folder, "delimited", DelimitedSeeds());
    }

    private static void Write(string folder, string target, IEnumerable<(string Name, byte[] Bytes)> seeds)
    {
        string dir = Path.Combine(folder, target);
        Directory.CreateDirectory(dir);
        foreach ((string name, byte[] bytes) in seeds)
        {
            File.WriteAllBytes(Path.Combine(dir, name), bytes);
        }
    }

    // Small, so that the fuzzer's mutations hit structure rather than long runs of weights.
    private static Sequential Mlp() => new(new Linear(2, 3), new ReLU(), new Linear(3, 1));

    private static Sequential DropoutMlp() => new(new Linear(2, 3), new ReLU(), new Dropout(0.25), new Linear(3, 1));

    private static IEnumerable<(string, byte[])> OnnxSeeds()
    {
        byte[] plain = Mlp().ToOnnx();
        yield return ("mlp-f64.onnx", plain);
        yield return ("mlp-f32.onnx", Mlp().ToOnnx(new OnnxExportOptions { ElementType = OnnxElementType.F32 }));
        var classifier = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 3));
        yield return ("classifier-softmax.onnx", classifier.ToOnnx(new OnnxExportOptions
        {
            ElementType = OnnxElementType.F32,
            Probabilities = OnnxProbabilities.Softmax,
            Metadata = new Dictionary<string, string> { ["origin"] = "seed" },
        }));
        var activations = new Sequential(
            new Linear(2, 2), new LeakyReLU(0.2), new Linear(2, 2), new Sigmoid(), new Linear(2, 2), new Selu(),
            new Linear(2, 2), new Softplus(), new Linear(2, 1));
        yield return ("activations.onnx", activations.ToOnnx());
        var logProbabilities = new Sequential(new Linear(2, 2), new Softplus(0.5, 3), new Linear(2, 3), new LogSoftmax());
        yield return ("softplus-beta-logsoftmax.onnx", logProbabilities.ToOnnx());
        yield return ("softplus-beta-logsoftmax-f32.onnx", logProbabilities.ToOnnx(new OnnxExportOptions { ElementType = OnnxElementType.F32 }));
        yield return ("scalers.onnx", Mlp().ToOnnx(new OnnxExportOptions
        {
            InputScaler = StandardScaler.FromFitted([1.0, -2.0], [0.5, 4.0]),
            TargetScaler = MinMaxScaler.FromFitted([0.0], [10.0]),
        }));
        // Dropout exports as an inference Dropout node (ratio attribute, no training_mode), which import maps back.
        yield return ("dropout.onnx", DropoutMlp().ToOnnx());
        yield return ("truncated.onnx", plain[..(plain.Length / 2)]);
        yield return ("empty.onnx", []);
    }

    private static IEnumerable<(string, byte[])> SafetensorsSeeds()
    {
        Sequential network = FuzzTargets.SafetensorsNetwork();
        byte[] f32 = Save(network, SafetensorsDType.F32, null);
        yield return ("network-f32.safetensors", f32);
        yield return ("network-f64-metadata.safetensors", Save(network, SafetensorsDType.F64, new Dictionary<string, string> { ["format"] = "pt" }));
        yield return ("other-shapes.safetensors", Save(Mlp(), SafetensorsDType.F32, null));

        // Hand-made: a bf16 and an f16 tensor, a scalar and an empty tensor, so the other dtypes' decoders are reached.
        yield return ("dtypes.safetensors", Handmade(
            """{"a":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"F16","shape":[],"data_offsets":[4,6]},"c":{"dtype":"F32","shape":[0,3],"data_offsets":[6,6]}}""",
            [0x80, 0x3F, 0x00, 0xC0, 0x00, 0x3C]));
        byte[] lying = (byte[])f32.Clone();
        lying[0] = 0xFF;
        lying[1] = 0xFF;
        yield return ("lying-length.safetensors", lying);
        yield return ("truncated.safetensors", f32[..(f32.Length - 5)]);
    }

    private static byte[] Save(Sequential network, SafetensorsDType dtype, IReadOnlyDictionary<string, string>? metadata)
    {
        using var stream = new MemoryStream();
        network.SaveSafetensors(stream, dtype, metadata);
        return stream.ToArray();
    }

    private static byte[] Handmade(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        byte[] file = new byte[8 + json.Length + data.Length];
        BitConverter.TryWriteBytes(file.AsSpan(0, 8), (ulong)json.Length);
        json.CopyTo(file, 8);
        data.CopyTo(file, 8 + json.Length);
        return file;
    }

    private static IEnumerable<(string, byte[])> ModelFileSeeds()
    {
        yield return ("network.json", Save(new ModelBundle(Mlp())));

        // A bundle with every optional part: an optimizer with buffers, a training position, scalers, classes, metadata.
        var network = new Sequential(new Linear(2, 3), new LeakyReLU(0.1), new Linear(3, 2), new Softmax());
        var optimizer = new Adam(network, learningRate: 0.01);
        var state = new TrainingState();
        Matrix<double> inputs = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 1.0, 2.0, 3.0 }, { 1.0, 0.0, 1.0, 0.0 } });
        Matrix<double> targets = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0, 1.0, 0.0 }, { 0.0, 1.0, 0.0, 1.0 } });
        network.Fit(inputs, targets, new MseLoss(), optimizer, state, new FitOptions { Epochs = 2, BatchSize = 2, Seed = 1 });
        yield return ("bundle.json", Save(new ModelBundle(network)
        {
            Optimizer = optimizer,
            TrainingState = state,
            InputScaler = StandardScaler.FromFitted([1.5, 0.5], [1.1, 0.5]),
            TargetScaler = MinMaxScaler.FromFitted([0.0, 0.0], [1.0, 1.0]),
            ClassNames = ["yes", "no"],
            Metadata = new Dictionary<string, string> { ["origin"] = "seed" },
        }));
        var sgdNetwork = new Sequential(new Linear(1, 1), new Sigmoid());
        var sgd = new Sgd(sgdNetwork, learningRate: 0.1, momentum: 0.9);
        sgdNetwork.Fit(
            Matrix<double>.Build.Dense(1, 2, [0.0, 1.0]), Matrix<double>.Build.Dense(1, 2, [0.0, 1.0]), new MseLoss(), sgd,
            new FitOptions { Epochs = 1, BatchSize = 2 });
        yield return ("sgd.json", Save(new ModelBundle(sgdNetwork) { Optimizer = sgd }));
        yield return ("softplus-beta-logsoftmax.json", Save(new ModelBundle(
            new Sequential(new Linear(2, 2), new Softplus(0.5, 3), new Linear(2, 3), new LogSoftmax()))));

        // Version 1.3's loss: class weights and label smoothing given to the bundle, and a Huber loss written from the
        // training state that recorded it.
        yield return ("loss-cross-entropy.json", Save(new ModelBundle(new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 3)))
        {
            Loss = new CrossEntropyLoss(Reduction.Sum, 0.5, weight: [0.25, 1.0, 3.0], labelSmoothing: 0.1),
        }));
        var huberNetwork = new Sequential(new Linear(1, 2), new ReLU(), new Linear(2, 1));
        var huberSgd = new Sgd(huberNetwork, learningRate: 0.1);
        var huberState = new TrainingState();
        huberNetwork.Fit(
            Matrix<double>.Build.Dense(1, 2, [0.0, 1.0]), Matrix<double>.Build.Dense(1, 2, [0.5, -1.0]), new HuberLoss(0.5, Reduction.BatchMean), huberSgd,
            huberState, new FitOptions { Epochs = 1, BatchSize = 2 });
        yield return ("loss-huber-state.json", Save(new ModelBundle(huberNetwork) { Optimizer = huberSgd, TrainingState = huberState }));
        yield return ("dropout.json", Save(new ModelBundle(DropoutMlp())));
        yield return ("not-json.json", Encoding.UTF8.GetBytes("{\"format\": "));
    }

    private static byte[] Save(ModelBundle bundle)
    {
        using var stream = new MemoryStream();
        bundle.Save(stream);
        return stream.ToArray();
    }

    // The first byte selects the options (see FuzzTargets.DelimitedOptions): 0 comma, 1 tab, 2 semicolon, 3 whitespace;
    // +4 a header; +8 no target, +16 columns 0 and 1 as targets, +24 column 0 as a categorical target.
    private static IEnumerable<(string, byte[])> DelimitedSeeds()
    {
        yield return ("comma.csv", Text(0, "1,2,3\n4.5,-6e-2,7\n"));
        yield return ("header-crlf.csv", Text(4, "x,y,target\r\n1,2,3\r\n4,5,6\r\n\r\n"));
        yield return ("tab-bom.tsv", Text(1, "\uFEFF1\t2\n3\t4\n"));
        yield return ("semicolon-quoted.csv", Text(2 + 4, "\"a;b\";\"c\"\"d\"\n1;2\n"));
        yield return ("whitespace.txt", Text(3, "  1  2\t3\n4 5 6  \n"));
        yield return ("no-target.csv", Text(8, "1,2\n3,4\n"));
        yield return ("two-targets.csv", Text(16, "1,2,3\n4,5,6\n"));
        yield return ("categorical.csv", Text(24 + 4, "class,x\nIris-setosa,5.1\nIris-virginica,6.3\nIris-setosa,4.9\n"));
        yield return ("broken-fields.csv", Text(0, "1,2,3\n4,5\n"));
        yield return ("broken-number.csv", Text(0, "1,NaN\n1e999,2\n"));
        yield return ("blank-inside.csv", Text(0, "1,2\n\n3,4\n"));
    }

    private static byte[] Text(byte selector, string text)
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        byte[] input = new byte[1 + body.Length];
        input[0] = selector;
        body.CopyTo(input, 1);
        return input;
    }
}
