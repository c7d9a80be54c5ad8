using System;
using System.Collections.Generic;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Initialization;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Training;

namespace TinyNets.Samples.Experiments;

/// <summary>A training run on the four line patterns.</summary>
/// <param name="Network">The trained net (its output is the logit of "vertical").</param>
/// <param name="History">Fit's per-epoch record.</param>
/// <param name="Logits">The final logits for V1, V2, H1, H2.</param>
/// <param name="Loss">The final mean binary cross-entropy.</param>
/// <param name="Correct">Patterns on the right side (logit &gt; 0 means vertical).</param>
public sealed record LinePatternsRun(Sequential Network, TrainingHistory History, IReadOnlyList<double> Logits, double Loss, int Correct);

/// <summary>
/// Sheet 002, "vertical vs horizontal lines" (catalogue §3c, FLAG-6): 2×2 images x = [x1, x2, x3, x4] (row-major: x1 x2 / x3 x4);
/// vertical lines [1,0,1,0], [0,1,0,1] (class 1), horizontal lines [1,1,0,0], [0,0,1,1] (class 0). The sheet's hand-designed
/// hidden layer h1 = σ(x1 + x3 − x2 − x4), h2 = σ(x1 + x2 − x3 − x4) maps the classes to an XOR cross in h-space, so no output
/// layer σ(W1h1 + W2h2 + b) can separate them; a trained 4-h-1 net can.
/// </summary>
public static class LinePatternsExperiment
{
    /// <summary>The pattern names, in column order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["V1 [1,0,1,0]", "V2 [0,1,0,1]", "H1 [1,1,0,0]", "H2 [0,0,1,1]"];

    /// <summary>The four patterns, one per column: V1, V2, H1, H2.</summary>
    public static Matrix<double> Patterns => Matrix<double>.Build.DenseOfColumnArrays(
        [1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0], [1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]);

    /// <summary>Targets: 1 = vertical, 0 = horizontal.</summary>
    public static Matrix<double> Targets => Matrix<double>.Build.DenseOfRowArrays([1.0, 1.0, 0.0, 0.0]);

    /// <summary>ln 2: the mean cross-entropy when every output is ½ — the best the hand-designed net can do.</summary>
    public static double Ln2 => Math.Log(2.0);

    /// <summary>
    /// The sheet's design: fixed detectors h1 = σ(x1 + x3 − x2 − x4), h2 = σ(x1 + x2 − x3 − x4), then a trainable output layer with
    /// logit W1h1 + W2h2 + b (the output sigmoid is inside <see cref="BceWithLogitsLoss"/>).
    /// </summary>
    /// <param name="w1">Initial W1.</param>
    /// <param name="w2">Initial W2.</param>
    /// <param name="b">Initial b.</param>
    /// <returns>The net.</returns>
    public static Sequential CreateHandDesigned(double w1 = 3, double w2 = -2, double b = 1)
    {
        var net = new Sequential(new Linear(4, 2), new Sigmoid(), new Linear(2, 1));
        net.SetParameter("0.weight", new[,] { { 1.0, -1.0, 1.0, -1.0 }, { 1.0, 1.0, -1.0, -1.0 } });
        net.SetParameter("0.bias", new[] { 0.0, 0.0 });
        net.SetParameter("2.weight", new[,] { { w1, w2 } });
        net.SetParameter("2.bias", new[] { b });
        return net;
    }

    /// <summary>Trains only the output layer of the hand-designed net (full batch, SGD, mean BCE on the logit).</summary>
    /// <param name="epochs">Epochs (one step each).</param>
    /// <param name="learningRate">SGD step.</param>
    /// <returns>The run.</returns>
    public static LinePatternsRun TrainHandDesignedOutputLayer(int epochs = 3000, double learningRate = 5.0)
    {
        Sequential net = CreateHandDesigned();
        var outputLayer = net.NamedParameters.Where(p => p.Key.StartsWith("2.", StringComparison.Ordinal));
        return Train(net, new Sgd(outputLayer, learningRate), epochs);
    }

    /// <summary>A trained 4-4-1 tanh net (all layers trainable, seeded init), full batch, Adam, mean BCE on the logit.</summary>
    /// <param name="seed">Initialisation seed.</param>
    /// <param name="epochs">Epochs.</param>
    /// <returns>The run.</returns>
    public static LinePatternsRun TrainMlp(ulong seed = 1, int epochs = 500)
    {
        Sequential net = new Sequential(new Linear(4, 4), new Tanh(), new Linear(4, 1)).Initialize(seed);
        return Train(net, new Adam(net, learningRate: 0.05), epochs);
    }

    /// <summary>
    /// Tries <paramref name="trials"/> random output layers (W1, W2, b uniform in [−10, 10]) on the hand-designed detectors and
    /// returns the most patterns any of them gets right, the first (W1, W2, b) that does, and the largest
    /// |f(V1) + f(V2) − f(H1) − f(H2)| of their logits.
    /// </summary>
    /// <param name="trials">Random output layers.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>Best count, an output layer reaching it, and the largest gap of the logit-sum identity.</returns>
    public static (int BestCorrect, (double W1, double W2, double B) Best, double LargestSumGap) RandomOutputLayers(int trials = 10_000, ulong seed = 7)
    {
        var random = new SeededRandom(seed);
        Sequential net = CreateHandDesigned();
        Matrix<double> x = Patterns;
        int best = -1;
        (double, double, double) bestLayer = default;
        double gap = 0;
        for (int i = 0; i < trials; i++)
        {
            (double w1, double w2, double b) = (random.NextUniform(-10, 10), random.NextUniform(-10, 10), random.NextUniform(-10, 10));
            net.SetParameter("2.weight", new[,] { { w1, w2 } });
            net.SetParameter("2.bias", new[] { b });
            Matrix<double> logits = net.Forward(x);
            int correct = CountCorrect(logits);
            if (correct > best)
            {
                best = correct;
                bestLayer = (w1, w2, b);
            }

            gap = Math.Max(gap, Math.Abs(logits[0, 0] + logits[0, 1] - logits[0, 2] - logits[0, 3]));
        }

        return (best, bestLayer, gap);
    }

    /// <summary>Patterns classified right: logit &gt; 0 means vertical (a logit of exactly 0, output ½, counts as wrong for both).</summary>
    /// <param name="logits">1 × 4 logits for V1, V2, H1, H2.</param>
    /// <returns>0 to 4.</returns>
    public static int CountCorrect(Matrix<double> logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return (logits[0, 0] > 0 ? 1 : 0) + (logits[0, 1] > 0 ? 1 : 0) + (logits[0, 2] < 0 ? 1 : 0) + (logits[0, 3] < 0 ? 1 : 0);
    }

    private static LinePatternsRun Train(Sequential net, Optimizer optimizer, int epochs)
    {
        var loss = new BceWithLogitsLoss();
        var options = new FitOptions { Epochs = epochs, BatchSize = 4, Shuffle = false };
        TrainingHistory history = net.Fit(Patterns, Targets, loss, optimizer, options);
        Matrix<double> logits = net.Forward(Patterns);
        return new LinePatternsRun(net, history, logits.Row(0).ToArray(), loss.Forward(logits, Targets), CountCorrect(logits));
    }
}
