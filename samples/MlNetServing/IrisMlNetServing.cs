using System;
using System.Collections.Generic;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML;
using Microsoft.ML.Data;
using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Network;
using TinyNets.Samples.Experiments;
using TinyNets.Serialization.Onnx;

namespace TinyNets.Samples.MlNetServing;

/// <summary>One raw test row as the ML.NET pipeline reads it: the four measurements in cm, unscaled, as float32.</summary>
public sealed class IrisInput
{
    /// <summary>Sepal length, sepal width, petal length, petal width (cm); the column is the ONNX model's input.</summary>
    [ColumnName("input")]
    [VectorType(4)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819", Justification = "ML.NET maps vector columns to arrays.")]
    public float[] Features { get; set; } = [];
}

/// <summary>What the ML.NET pipeline adds to a row: the ONNX model's two outputs.</summary>
public sealed class IrisScore
{
    /// <summary>The three logits (the network's output).</summary>
    [ColumnName("output")]
    [VectorType(3)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819", Justification = "ML.NET maps vector columns to arrays.")]
    public float[] Logits { get; set; } = [];

    /// <summary>The softmax of the logits: one probability per species.</summary>
    [ColumnName("probabilities")]
    [VectorType(3)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819", Justification = "ML.NET maps vector columns to arrays.")]
    public float[] Probabilities { get; set; } = [];
}

/// <summary>One test row scored both ways.</summary>
/// <param name="TrueClass">The row's species (0 setosa, 1 versicolor, 2 virginica).</param>
/// <param name="TinyNetsClass">The class TinyNets predicts in float64 (the largest logit).</param>
/// <param name="TinyNetsProbability">TinyNets' softmax probability of that class (float64).</param>
/// <param name="MlNetClass">The class with the largest probability from the ML.NET pipeline (float32 ONNX model).</param>
/// <param name="MlNetProbability">The pipeline's probability of its class.</param>
/// <param name="MaxDifference">The largest |difference| of the three probabilities between the two.</param>
/// <param name="Bound">What float32 rounding allows for this row (<see cref="IrisMlNetServing.ProbabilityBound"/>).</param>
public sealed record ServedRow(int TrueClass, int TinyNetsClass, double TinyNetsProbability, int MlNetClass, double MlNetProbability, double MaxDifference, double Bound)
{
    /// <summary>True when the classes agree and the probabilities are within the bound.</summary>
    public bool Agrees => TinyNetsClass == MlNetClass && MaxDifference <= Bound;
}

/// <summary>What <see cref="IrisMlNetServing.Run"/> did and found.</summary>
/// <param name="Experiment">The trained iris classifier and its data (the Iris sample's recipe).</param>
/// <param name="ModelPath">The ONNX file written.</param>
/// <param name="FileBytes">Its size.</param>
/// <param name="Rows">Every test row, scored by TinyNets and through ML.NET.</param>
public sealed record MlNetServingResult(IrisResult Experiment, string ModelPath, long FileBytes, IReadOnlyList<ServedRow> Rows)
{
    /// <summary>How many rows' predicted class differs between TinyNets and ML.NET.</summary>
    public int ClassMismatches => Rows.Count(r => r.TinyNetsClass != r.MlNetClass);

    /// <summary>The largest |probability difference| over every row and class.</summary>
    public double MaxProbabilityDifference => Rows.Max(r => r.MaxDifference);

    /// <summary>The largest bound of any row.</summary>
    public double MaxBound => Rows.Max(r => r.Bound);

    /// <summary>How many rows' probabilities differ by more than float32 rounding allows.</summary>
    public int ProbabilityMismatches => Rows.Count(r => r.MaxDifference > r.Bound);

    /// <summary>True when every row's class agrees and its probabilities are within its bound.</summary>
    public bool Agrees => Rows.All(r => r.Agrees);
}

/// <summary>
/// A TinyNets classifier served by ML.NET: the iris MLP is trained with its input scaler (the Iris sample's recipe),
/// exported to ONNX in float32 with the scaler folded in front and a softmax as a second output, then loaded into an
/// ML.NET pipeline (<c>ApplyOnnxModel</c>, ONNX Runtime underneath), which scores the raw test rows; its predictions are
/// compared with TinyNets' own float64 ones.
/// </summary>
public static class IrisMlNetServing
{
    /// <summary>Float32's unit roundoff, 2⁻²⁴: a correctly rounded operation is off by at most this much, relatively.</summary>
    public const double UnitRoundoff = 1.0 / (1 << 24);

    /// <summary>
    /// How far the float32 model's probabilities may be from TinyNets' float64 ones for one raw row: a first-order
    /// forward error bound of the 4-h-3 tanh net in float32, from the magnitudes of the terms it sums, doubled for safety.
    /// With u = 2⁻²⁴: each standardised feature (x − μ)/σ is off by ≤ 6u·(|x| + |μ|)/σ (the input, μ and σ rounded,
    /// the subtraction and the division; the same bound holds when the scaler is folded into the first layer's weights);
    /// each hidden pre-activation by ≤ (n + 8)u·(Σ|W₁|(|x| + |μ|)/σ + |b₁|) with n = 4 inputs; tanh adds ≤ 8u; each logit
    /// is off by ≤ Σ|W₂|·Δh + (h + 2)u·(Σ|W₂||h| + |b₂|); a softmax probability moves by at most half the largest logit
    /// change (Σⱼ |∂pₖ/∂zⱼ| = 2pₖ(1 − pₖ) ≤ ½), plus ≤ 8u for float32's exp, sum and division.
    /// </summary>
    /// <param name="network">The trained Linear(4, h), Tanh, Linear(h, 3) network.</param>
    /// <param name="means">The scaler's means.</param>
    /// <param name="scales">The scaler's standard deviations.</param>
    /// <param name="raw">One raw row (4 measurements).</param>
    /// <returns>The bound on |float32 probability − float64 probability| for that row.</returns>
    public static double ProbabilityBound(Sequential network, IReadOnlyList<double> means, IReadOnlyList<double> scales, Vector<double> raw)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentNullException.ThrowIfNull(raw);
        if (network.Count != 3 || network[0] is not Linear first || network[1] is not Tanh || network[2] is not Linear last)
        {
            throw new ArgumentException($"Expected Linear, Tanh, Linear; got {network}.", nameof(network));
        }

        const double u = UnitRoundoff;
        Matrix<double> w1 = first.Weight.Value, w2 = last.Weight.Value;
        Vector<double> b1 = first.Bias!.Value.Column(0), b2 = last.Bias!.Value.Column(0);
        int inputs = w1.ColumnCount, hidden = w1.RowCount;
        var terms = Vector<double>.Build.Dense(inputs, i => (Math.Abs(raw[i]) + Math.Abs(means[i])) / scales[i]);
        var scaled = Vector<double>.Build.Dense(inputs, i => (raw[i] - means[i]) / scales[i]);
        Vector<double> h = (w1 * scaled + b1).Map(Math.Tanh);
        Vector<double> deltaH = ((w1.PointwiseAbs() * terms + b1.PointwiseAbs()) * ((inputs + 8) * u)).Add(8 * u);
        Vector<double> deltaZ = w2.PointwiseAbs() * deltaH + (w2.PointwiseAbs() * h.PointwiseAbs() + b2.PointwiseAbs()) * ((hidden + 2) * u);
        return 2 * ((0.5 * deltaZ.Max()) + (8 * u));
    }

    /// <summary>Trains the iris MLP, exports it to <paramref name="modelPath"/>, and scores the test rows both ways.</summary>
    /// <param name="modelPath">Where to write the ONNX model.</param>
    /// <param name="settings">The iris experiment's settings; null for the Iris sample's.</param>
    /// <returns>Every test row's predictions side by side.</returns>
    public static MlNetServingResult Run(string modelPath, IrisSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        IrisResult experiment = IrisExperiment.Run(settings);
        Sequential network = experiment.Mlp.Network;

        // The model a serving stack wants: raw measurements in (the scaler folded in front), logits and probabilities out.
        network.SaveOnnx(modelPath, new OnnxExportOptions
        {
            ElementType = OnnxElementType.F32,
            InputScaler = experiment.Scaler,
            Probabilities = OnnxProbabilities.Softmax,
            Description = "Iris species from sepal and petal length and width (cm): a TinyNets 4-8-3 tanh MLP.",
            Metadata = new Dictionary<string, string>
            {
                ["classes"] = string.Join(",", experiment.Data.ClassNames!),
            },
        });

        // TinyNets' own predictions, float64: scale, forward, softmax.
        Matrix<double> raw = experiment.Split.XTest;
        Matrix<double> logits = network.Forward(experiment.Scaler.Transform(raw)).Clone();
        Matrix<double> probabilities = new Softmax().Forward(logits).Clone();

        // The serving side: the raw rows as float32, through ML.NET's ONNX transform.
        var ml = new MLContext(seed: 1);
        IDataView rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, raw.ColumnCount)
            .Select(j => new IrisInput { Features = raw.Column(j).Select(v => (float)v).ToArray() }).ToList());
        var pipeline = ml.Transforms.ApplyOnnxModel(
            outputColumnNames: ["output", "probabilities"], inputColumnNames: ["input"], modelFile: modelPath);
        ITransformer model = pipeline.Fit(rows);
        IrisScore[] served;
        try
        {
            served = ml.Data.CreateEnumerable<IrisScore>(model.Transform(rows), reuseRowObject: false).ToArray();
        }
        finally
        {
            // The ONNX transform holds an ONNX Runtime session (native memory) until disposed.
            (model as IDisposable)?.Dispose();
        }

        if (served.Length != raw.ColumnCount)
        {
            throw new InvalidOperationException($"ML.NET scored {served.Length} rows; {raw.ColumnCount} went in.");
        }

        int[] trueClasses = experiment.Split.TestClasses!;
        var result = new ServedRow[served.Length];
        for (int j = 0; j < served.Length; j++)
        {
            float[] p = served[j].Probabilities;
            int tinyClass = ArgMax(k => probabilities[k, j]);
            int mlClass = ArgMax(k => p[k]);
            double maxDifference = Enumerable.Range(0, 3).Max(k => Math.Abs(probabilities[k, j] - p[k]));
            double bound = ProbabilityBound(network, experiment.Scaler.Means, experiment.Scaler.Scales, raw.Column(j));
            result[j] = new ServedRow(trueClasses[j], tinyClass, probabilities[tinyClass, j], mlClass, p[mlClass], maxDifference, bound);
        }

        return new MlNetServingResult(experiment, modelPath, new System.IO.FileInfo(modelPath).Length, result);
    }

    private static int ArgMax(Func<int, double> value)
    {
        int best = 0;
        for (int k = 1; k < 3; k++)
        {
            if (value(k) > value(best))
            {
                best = k;
            }
        }

        return best;
    }
}
