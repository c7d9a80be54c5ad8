using System;
using System.Collections.Generic;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;

namespace TinyNets.Samples.Experiments;

/// <summary>What the sheet prints for one net: logits, softmax and the mean cross-entropy, in double and emulated float32.</summary>
/// <param name="Name">Which net.</param>
/// <param name="Logits">Classes × 4 logits (double).</param>
/// <param name="Probabilities">Classes × 4 softmax (double).</param>
/// <param name="Loss">Mean cross-entropy over the 4 samples (double).</param>
/// <param name="LogitsFloat32">4 × classes logits computed in float32 like PyTorch (sample per row, as the sheet prints).</param>
/// <param name="ProbabilitiesFloat32">4 × classes softmax in float32.</param>
/// <param name="LossFloat32">Mean cross-entropy in float32.</param>
public sealed record XorEvaluation(
    string Name, Matrix<double> Logits, Matrix<double> Probabilities, double Loss, float[,] LogitsFloat32, float[,] ProbabilitiesFloat32, float LossFloat32);

/// <summary>
/// Sheet 001 Task 2.5 (catalogue §2d, T-6): the 2-unit and 3-unit ReLU nets with hand-set weights classify XOR. The sheet's printout
/// is PyTorch float32 (FLAG-3); the library computes in double. The course's own check: softmax within 1e-3 of one-hot, loss &lt; 1e-3.
/// </summary>
public static class XorGivenWeightsExperiment
{
    /// <summary>The sheet's printed loss (a float32 value).</summary>
    public const double SheetLoss = 0.00011732114;

    /// <summary>The exact mean cross-entropy from the decimal weights (catalogue S001-29).</summary>
    public const double ExactLoss = 1.173339290639187e-4;

    /// <summary>The sheet's printed logits (float32), one row per sample.</summary>
    public static IReadOnlyList<string> SheetLogitRows { get; } = ["6.7775993 -3.6295996", "-4.08 4.42", "-4.08 4.42", "6.1599007 -4.1828003"];

    /// <summary>The sheet's printed softmax (float32), one row per sample.</summary>
    public static IReadOnlyList<string> SheetSoftmaxRows { get; } =
        ["9.9996984e-01 3.0213278e-05", "2.0342699e-04 9.9979657e-01", "2.0342699e-04 9.9979657e-01", "9.9996781e-01 3.2226122e-05"];

    /// <summary>The XOR inputs (0,0), (0,1), (1,0), (1,1), one per column.</summary>
    public static Matrix<double> Inputs => Matrix<double>.Build.DenseOfColumnArrays([0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]);

    /// <summary>The labels 0, 1, 1, 0 (the sheet's one-hot rows [1,0], [0,1], [0,1], [1,0]).</summary>
    public static IReadOnlyList<int> Labels { get; } = [0, 1, 1, 0];

    /// <summary>The 2-unit net of <c>run_2unit_model.py</c>: Linear(2,2), ReLU, Linear(2,2) with the sheet's state dict.</summary>
    /// <returns>The net.</returns>
    public static Sequential CreateTwoUnitNet()
    {
        var net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 2));
        net.SetParameter("0.weight", new[,] { { 3.21, 3.21 }, { -2.34, -2.34 } });
        net.SetParameter("0.bias", new[] { -3.21, 2.34 });
        net.SetParameter("2.weight", new[,] { { 3.19, 4.64 }, { -2.68, -3.44 } });
        net.SetParameter("2.bias", new[] { -4.08, 4.42 });
        return net;
    }

    /// <summary>The 3-unit net of <c>run_3unit_model.py</c>: the same plus a hidden unit with zero weights in and out.</summary>
    /// <returns>The net.</returns>
    public static Sequential CreateThreeUnitNet()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 2));
        net.SetParameter("0.weight", new[,] { { 3.21, 3.21 }, { -2.34, -2.34 }, { 0, 0 } });
        net.SetParameter("0.bias", new[] { -3.21, 2.34, 0 });
        net.SetParameter("2.weight", new[,] { { 3.19, 4.64, 0 }, { -2.68, -3.44, 0 } });
        net.SetParameter("2.bias", new[] { -4.08, 4.42 });
        return net;
    }

    /// <summary>Runs the net on the four inputs: logits, softmax, mean cross-entropy (double), and the float32 emulation.</summary>
    /// <param name="name">A name for the printout.</param>
    /// <param name="net">The net.</param>
    /// <returns>The evaluation.</returns>
    public static XorEvaluation Evaluate(string name, Sequential net)
    {
        ArgumentNullException.ThrowIfNull(net);
        Matrix<double> logits = net.Forward(Inputs).Clone();
        Matrix<double> probabilities = new Softmax().Forward(logits).Clone();
        int[] labels = [.. Labels];
        double loss = new CrossEntropyLoss().Forward(logits, labels);
        (float[,] logits32, float[,] probabilities32, float loss32) = EmulateFloat32(net);
        return new XorEvaluation(name, logits, probabilities, loss, logits32, probabilities32, loss32);
    }

    /// <summary>
    /// The same forward pass and loss in IEEE float32, as PyTorch does it on a CPU (catalogue Appendix A): weights rounded to float,
    /// each unit acc = b, then acc = acc + w·x input by input; log-softmax with the max shift; the mean of the four terms.
    /// Only for comparing with the sheet's printout — the library itself computes in double.
    /// </summary>
    /// <param name="net">A Linear, ReLU, Linear net.</param>
    /// <returns>Logits (sample × class), softmax and the mean loss, all float32.</returns>
    public static (float[,] Logits, float[,] Probabilities, float Loss) EmulateFloat32(Sequential net)
    {
        ArgumentNullException.ThrowIfNull(net);
        float[,] w0 = ToFloat(net.GetParameter("0.weight").Value);
        float[,] b0 = ToFloat(net.GetParameter("0.bias").Value);
        float[,] w2 = ToFloat(net.GetParameter("2.weight").Value);
        float[,] b2 = ToFloat(net.GetParameter("2.bias").Value);
        Matrix<double> x = Inputs;
        int n = x.ColumnCount;
        int classes = w2.GetLength(0);
        var logits = new float[n, classes];
        var probabilities = new float[n, classes];
        float lossSum = 0f;
        for (int j = 0; j < n; j++)
        {
            float[] input = [(float)x[0, j], (float)x[1, j]];
            float[] hidden = Affine(w0, b0, input);
            for (int k = 0; k < hidden.Length; k++)
            {
                hidden[k] = Math.Max(hidden[k], 0f);
            }

            float[] z = Affine(w2, b2, hidden);
            float max = float.NegativeInfinity;
            foreach (float v in z)
            {
                max = Math.Max(max, v);
            }

            float sum = 0f;
            var e = new float[classes];
            for (int c = 0; c < classes; c++)
            {
                logits[j, c] = z[c];
                e[c] = MathF.Exp(z[c] - max);
                sum += e[c];
            }

            for (int c = 0; c < classes; c++)
            {
                probabilities[j, c] = e[c] / sum;
            }

            float logSum = MathF.Log(sum);
            lossSum += -((z[Labels[j]] - max) - logSum);
        }

        return (logits, probabilities, lossSum / n);
    }

    private static float[] Affine(float[,] w, float[,] b, float[] input)
    {
        var output = new float[w.GetLength(0)];
        for (int i = 0; i < output.Length; i++)
        {
            float acc = b[i, 0];
            for (int k = 0; k < input.Length; k++)
            {
                float product = w[i, k] * input[k];
                acc += product;
            }

            output[i] = acc;
        }

        return output;
    }

    private static float[,] ToFloat(Matrix<double> m)
    {
        var result = new float[m.RowCount, m.ColumnCount];
        for (int i = 0; i < m.RowCount; i++)
        {
            for (int j = 0; j < m.ColumnCount; j++)
            {
                result[i, j] = (float)m[i, j];
            }
        }

        return result;
    }
}
