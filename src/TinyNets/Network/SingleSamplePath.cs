using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Internal;
using TinyNets.Layers;

namespace TinyNets.Network;

/// <summary>
/// The forward and backward pass of a batch of one sample through a chain of small <see cref="Linear"/> layers and
/// element-wise activations, in one loop over the layers' storage. On a net of a few neurons the general path's
/// per-layer dispatch (virtual calls, span arguments, workspace lookups, kernels that branch on shapes) costs more than
/// the arithmetic; a per-sample training step is mostly that overhead. The results are bit for bit the kernels' own
/// (<see cref="Kernels"/> with one column: the same operations in the same order), and every layer's Input, Output and
/// InputGradient end up as the general path leaves them. The network uses it only in the steady state: its last pass
/// was a sample of the same size and no layer has been run on its own since, so every workspace already fits.
/// </summary>
internal sealed class SingleSamplePath
{
    private readonly Step[] _steps;

    private SingleSamplePath(Step[] steps) => _steps = steps;

    /// <summary>A path for <paramref name="layers"/>, or null when some layer is neither a <see cref="Linear"/> small
    /// enough for the kernels' direct loops nor an <see cref="Activation"/>.</summary>
    public static SingleSamplePath? TryCreate(Layer[] layers)
    {
        var steps = new Step[layers.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            switch (layers[i])
            {
                // From GemmWork multiply-adds on the kernels take the blocked product, whose order of operations differs.
                case Linear linear when (long)linear.OutFeatures * linear.InFeatures < Kernels.GemmWork:
                    steps[i] = new Step(linear, null);
                    break;
                case Activation activation:
                    steps[i] = new Step(null, activation);
                    break;
                default:
                    return null;
            }
        }

        return new SingleSamplePath(steps);
    }

    /// <summary>Runs the sample <paramref name="x"/> (the storage of <paramref name="input"/>) through every layer.</summary>
    /// <returns>The last layer's output.</returns>
    public Matrix<double> Forward(Matrix<double> input, double[] x)
    {
        Step[] steps = _steps;
        Matrix<double> currentMatrix = input;
        double[] current = x;
        for (int i = 0; i < steps.Length; i++)
        {
            ref readonly Step step = ref steps[i];
            Layer layer = step.Layer;

            // The workspace is read once with its shape; one made for another input (another thread's pass, against
            // the contract) is swapped for the right one, as the general path would.
            int rows = currentMatrix.RowCount;
            Workspace? output = layer.CurrentOutput;
            if (output is null || output.Key != rows || output.ColumnCount != 1)
            {
                output = layer.OutputWorkspace(rows, 1);
            }

            double[] y = output.Data;
            layer.BeginForward(currentMatrix, current);
            if (step.Activation is { } activation)
            {
                activation.ApplyForward(current, y);
            }
            else
            {
                LinearForward(in step, current, y);
            }

            currentMatrix = output;
            current = y;
        }

        return currentMatrix;
    }

    /// <summary>Back-propagates ∂L/∂output (<paramref name="dy"/>) through every layer; ∂L/∂input only when asked for.</summary>
    public void Backward(double[] dy, bool computeInputGradient)
    {
        Step[] steps = _steps;
        double[] current = dy;
        for (int i = steps.Length - 1; i >= 0; i--)
        {
            ref readonly Step step = ref steps[i];
            Layer layer = step.Layer;
            Matrix<double> input = layer.Input!;
            double[]? dx = layer.PrepareInputGradient(input, computeInputGradient || i > 0);
            double[] x = layer.InputData!;
            if (step.Activation is { } activation)
            {
                if (dx is not null)
                {
                    activation.ApplyBackwardPass(x, layer.CurrentOutput!.Data, current, dx);
                }
            }
            else
            {
                LinearBackward(in step, x, current, dx);
            }

            current = dx!;
        }
    }

    // z = W·x + b (Kernels.MultiplyAddBias with one column, which checks the extents)
    private static void LinearForward(in Step step, double[] x, double[] y) =>
        Kernels.MultiplyAddBiasOneColumn(step.Weight, x, step.Bias, y, step.Rows, step.Columns);

    // ∂L/∂W = δ·xᵀ, ∂L/∂b = δ, ∂L/∂x = Wᵀ·δ (Kernels.MultiplyTransposedRight, SumColumns and MultiplyTransposedLeft with one column)
    private static void LinearBackward(in Step step, double[] x, double[] dy, double[]? dx)
    {
        int m = step.Rows, k = step.Columns;
        if (x.Length != k || dy.Length != m || (dx is not null && dx.Length != k))
        {
            throw Layer.PassTorn(step.Layer);
        }

        ref double x0 = ref MemoryMarshal.GetArrayDataReference(x);
        ref double d0 = ref MemoryMarshal.GetArrayDataReference(dy);
        ref double g0 = ref MemoryMarshal.GetArrayDataReference(step.WeightGradient);
        if (m == 1)
        {
            // The kernel's one-output path: the cleared gradient gains d·x when d is not zero.
            double d = d0;
            for (int p = 0; p < k; p++)
            {
                Unsafe.Add(ref g0, p) = d != 0.0 ? 0.0 + (d * Unsafe.Add(ref x0, p)) : 0.0;
            }
        }
        else
        {
            for (int p = 0; p < k; p++)
            {
                double xp = Unsafe.Add(ref x0, p);
                ref double gp = ref Unsafe.Add(ref g0, p * m);
                for (int i = 0; i < m; i++)
                {
                    Unsafe.Add(ref gp, i) = xp != 0.0 ? Unsafe.Add(ref d0, i) * xp : 0.0;
                }
            }
        }

        if (step.BiasGradient is { } biasGradient)
        {
            // A loop, not Array.Copy, whose type checks cost more than copying a few values.
            ref double b0 = ref MemoryMarshal.GetArrayDataReference(biasGradient);
            for (int i = 0; i < m; i++)
            {
                Unsafe.Add(ref b0, i) = Unsafe.Add(ref d0, i);
            }
        }

        if (dx is null)
        {
            return;
        }

        ref double w0 = ref MemoryMarshal.GetArrayDataReference(step.Weight);
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(dx);
        for (int p = 0; p < k; p++)
        {
            Unsafe.Add(ref r0, p) = m == 1 ? Unsafe.Add(ref w0, p) * d0 : Kernels.Dot(ref Unsafe.Add(ref w0, p * m), ref d0, m);
        }
    }

    /// <summary>One layer with what the loops need of it, read once.</summary>
    private readonly struct Step
    {
        public Step(Linear? linear, Activation? activation)
        {
            Layer = (Layer?)linear ?? activation!;
            Activation = activation;
            if (linear is not null)
            {
                Weight = linear.Weight.ValueArray;
                WeightGradient = linear.Weight.GradientArray;
                Bias = linear.Bias?.ValueArray;
                BiasGradient = linear.Bias?.GradientArray;
                Rows = linear.OutFeatures;
                Columns = linear.InFeatures;
            }
            else
            {
                Weight = WeightGradient = [];
            }
        }

        public Layer Layer { get; }

        public Activation? Activation { get; }

        public double[] Weight { get; }

        public double[] WeightGradient { get; }

        public double[]? Bias { get; }

        public double[]? BiasGradient { get; }

        public int Rows { get; }

        public int Columns { get; }
    }
}
