using System;
using System.Collections.Generic;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.Diagnostics;

/// <summary>
/// Checks a network's hand-written gradients against central differences, as PyTorch's
/// <c>torch.autograd.gradcheck</c> does: for every entry of every parameter and of the input, ∂L/∂θ from
/// <see cref="Sequential.Backward(Matrix{double})"/> against (L(θ + h) − L(θ − h)) / 2h. Run it on a network built
/// around a layer of your own (with a loss such as <see cref="MseLoss"/>) to see whether its backward pass is right.
/// </summary>
public static class GradientCheck
{
    /// <summary>
    /// Compares every analytic gradient with its central difference and reports, per parameter and for the input, the
    /// entry with the largest relative error. The parameters are left exactly as they were; the network's last pass and
    /// gradients are those of <paramref name="inputs"/> at those parameters.
    /// </summary>
    /// <remarks>
    /// Two forward passes per checked entry: meant for small networks and batches (a few thousand entries). In float64 a
    /// correct backward pass typically agrees to 1e-7 relative or better with the default step, less where the loss is
    /// not smooth (a ReLU's kink within ±h of an input). A network with random layers must run deterministically (in
    /// eval mode).
    /// </remarks>
    /// <param name="network">The network; its parameters are perturbed one at a time and put back bit for bit.</param>
    /// <param name="inputs">A batch, features × batch.</param>
    /// <param name="targets">The targets of <paramref name="loss"/> for the batch.</param>
    /// <param name="loss">The loss whose gradients are checked.</param>
    /// <param name="step">The difference step h (PyTorch's <c>eps</c>, default 1e-6); positive and finite.</param>
    /// <param name="absoluteTolerance">An entry passes when |analytic − numeric| ≤ atol + rtol·|numeric| (PyTorch's
    /// <c>atol</c>, default 1e-5); non-negative and finite.</param>
    /// <param name="relativeTolerance">PyTorch's <c>rtol</c>, default 1e-3; non-negative and finite.</param>
    /// <returns>The report: one entry per parameter, in <see cref="Sequential.NamedParameters"/> order, then the input.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not positive and finite, or a tolerance is negative or not finite.</exception>
    /// <exception cref="ArgumentException">The inputs or targets do not fit the network or the loss (as in <c>Forward</c> and the loss).</exception>
    public static GradientCheckReport Run(
        Sequential network, Matrix<double> inputs, Matrix<double> targets, Loss loss, double step = 1e-6, double absoluteTolerance = 1e-5, double relativeTolerance = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(loss);
        Guard.PositiveFinite(step, nameof(step));
        CheckTolerance(absoluteTolerance, nameof(absoluteTolerance));
        CheckTolerance(relativeTolerance, nameof(relativeTolerance));

        // The analytic gradients first; this pass also validates the inputs and targets before anything changes.
        IReadOnlyList<KeyValuePair<string, Parameter>> parameters = network.NamedParameters;
        loss.Forward(network.Forward(inputs), targets);
        Matrix<double> inputGradient = network.Backward(loss.Backward()).Clone();
        var analytic = new double[parameters.Count][];
        for (int p = 0; p < parameters.Count; p++)
        {
            analytic[p] = parameters[p].Value.GradientData.ToArray();
        }

        var entries = new List<GradientCheckEntry>(parameters.Count + 1);
        try
        {
            for (int p = 0; p < parameters.Count; p++)
            {
                (string name, Parameter parameter) = (parameters[p].Key, parameters[p].Value);
                Span<double> values = parameter.Data;
                var worst = new Worst(absoluteTolerance, relativeTolerance);
                for (int i = 0; i < values.Length; i++)
                {
                    worst.Add(i, analytic[p][i], CentralDifference(values, i, step, () => loss.Forward(network.Forward(inputs), targets)));
                }

                entries.Add(worst.Entry(name, parameter.Rows));
            }

            // The input, perturbed in a copy: the caller's matrix is never written.
            Matrix<double> x = inputs.Clone();
            double[] xs = x.AsColumnMajorArray();
            double[] dx = inputGradient.AsColumnMajorArray();
            var worstInput = new Worst(absoluteTolerance, relativeTolerance);
            for (int i = 0; i < xs.Length; i++)
            {
                worstInput.Add(i, dx[i], CentralDifference(xs, i, step, () => loss.Forward(network.Forward(x), targets)));
            }

            entries.Add(worstInput.Entry(GradientCheckReport.InputName, x.RowCount));
        }
        finally
        {
            // The last pass and the gradients become those of the unperturbed parameters again.
            loss.Forward(network.Forward(inputs), targets);
            network.Backward(loss.Backward());
        }

        return new GradientCheckReport(entries);
    }

    // (L(v + h) − L(v − h)) / 2h at entry i, which is put back bit for bit.
    private static double CentralDifference(Span<double> values, int i, double step, Func<double> lossAt)
    {
        double saved = values[i];
        values[i] = saved + step;
        double plus = lossAt();
        values[i] = saved - step;
        double minus = lossAt();
        values[i] = saved;
        return (plus - minus) / (2 * step);
    }

    private static void CheckTolerance(double value, string paramName)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"'{paramName}' must be non-negative and finite; {value} was given.");
        }
    }

    /// <summary>The entry with the largest relative error so far, and whether every entry met the tolerances.</summary>
    private struct Worst(double atol, double rtol)
    {
        private int _index;
        private double _analytic, _numeric, _relative, _absolute, _largestAbsolute;
        private bool _any, _failed;

        public void Add(int index, double analytic, double numeric)
        {
            double absolute = Math.Abs(analytic - numeric);
            _failed |= !(absolute <= atol + (rtol * Math.Abs(numeric)));
            double scale = Math.Max(Math.Abs(analytic), Math.Abs(numeric));
            double relative = absolute == 0 ? 0 : absolute / scale;
            _largestAbsolute = Math.Max(_largestAbsolute, absolute);
            if (!_any || relative > _relative || double.IsNaN(relative))
            {
                (_index, _analytic, _numeric, _relative, _absolute, _any) = (index, analytic, numeric, relative, absolute, true);
            }
        }

        public readonly GradientCheckEntry Entry(string name, int rows) =>
            new(name, _index % rows, _index / rows, _analytic, _numeric, _relative, _absolute, _largestAbsolute, !_failed);
    }
}
