using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;

namespace TinyNets.Losses;

/// <summary>
/// A loss: <c>Forward</c> computes its value for a batch of predictions (features × batch, one sample per column) and
/// the gradient with respect to the predictions in the same pass; <see cref="Backward"/> returns that gradient.
/// The value is <see cref="Scale"/> × (the terms reduced by <see cref="Reduction"/>), and so is the gradient. For the
/// library's losses both are finite whenever they are representable, also when a term, a derivative or their sum
/// overflows on the way (those are then summed again scaled by a power of two); only a result beyond double's range is
/// infinite.
/// </summary>
public abstract class Loss
{
    private readonly MatrixCache _gradients;
    private Matrix<double>? _gradient;

    /// <summary>Sets the reduction and scale.</summary>
    /// <param name="reduction">How terms are reduced.</param>
    /// <param name="scale">A positive factor applied to value and gradient (0.5 gives the sheets' halved forms).</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown reduction, or a scale that is not positive and finite.</exception>
    protected Loss(Reduction reduction, double scale)
    {
        if (!Enum.IsDefined(reduction))
        {
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, $"Unknown reduction {reduction}.");
        }

        Guard.PositiveFinite(scale, nameof(scale));
        _gradients = new MatrixCache(this, WorkspaceRole.LossGradient);
        Reduction = reduction;
        Scale = scale;
    }

    /// <summary>How terms are reduced to one number.</summary>
    public Reduction Reduction { get; }

    /// <summary>The factor applied after the reduction (1 unless a halved form was asked for).</summary>
    public double Scale { get; }

    /// <summary>Computes the loss of a batch and keeps its gradient for <see cref="Backward"/>.</summary>
    /// <param name="prediction">Predictions (or logits), features × batch; finite.</param>
    /// <param name="target">Targets of the same shape, in the loss's domain.</param>
    /// <returns>The reduced, scaled loss.</returns>
    /// <exception cref="ArgumentException">Empty, non-dense, mismatched shapes, NaN/infinity, or a target outside the domain. Nothing is changed then.</exception>
    public abstract double Forward(Matrix<double> prediction, Matrix<double> target);

    /// <summary>Checks targets against the loss's domain before any of them is used (training checks all data up front).</summary>
    /// <param name="target">Targets, outputs × samples; already known to be dense and finite.</param>
    /// <param name="paramName">The argument's name for the message.</param>
    internal virtual void CheckTargets(Matrix<double> target, string paramName)
    {
    }

    /// <summary>∂loss/∂prediction of the last <c>Forward</c>, of the prediction's shape, owned by the loss.</summary>
    /// <returns>The gradient matrix (overwritten by the next <c>Forward</c> with the same shape).</returns>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    public Matrix<double> Backward() =>
        _gradient ?? throw NoForwardPass(this);

    // Out of line, so that Backward sets up no string builder on every call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidOperationException NoForwardPass(Loss loss) => new($"{loss}: Backward needs a Forward pass first.");

    /// <summary>The reduction's divisor times the scale, applied to value and gradient.</summary>
    /// <param name="meanCount">The number of terms <see cref="Reduction.Mean"/> averages over.</param>
    /// <param name="samples">The number of samples (columns).</param>
    /// <returns>The factor.</returns>
    protected double Factor(int meanCount, int samples) => Reduction switch
    {
        Reduction.Sum => Scale,
        Reduction.Mean => Scale / meanCount,
        _ => Scale / samples,
    };

    /// <summary>The power of two by which terms are scaled down when their plain sum overflows.</summary>
    private protected const int WideExponent = 1100;

    /// <summary>The power of two by which derivatives are scaled down when a plain gradient entry overflows.</summary>
    private protected const int GradientExponent = 64;

    /// <summary>
    /// factor × scaled × 2^<paramref name="exponent"/>, rounded once as the plain product would be with an unbounded
    /// exponent: the scaled value is brought into [1, 2) first, so the product neither overflows nor underflows early.
    /// </summary>
    /// <param name="factor">The reduction's factor.</param>
    /// <param name="scaled">A sum or derivative scaled by 2^−<paramref name="exponent"/>.</param>
    /// <param name="exponent">The power of two it was scaled by.</param>
    /// <returns>The unscaled product; infinite only when it is beyond double's range.</returns>
    private protected static double Unscale(double factor, double scaled, int exponent)
    {
        if (scaled == 0 || !double.IsFinite(scaled))
        {
            return factor * Math.ScaleB(scaled, exponent);
        }

        int e = Math.ILogB(scaled);
        return Math.ScaleB(factor * Math.ScaleB(scaled, -e), exponent + e);
    }

    /// <summary>The gradient buffer for a prediction of the given shape (reused across calls of the same shape).</summary>
    /// <param name="rows">Prediction rows.</param>
    /// <param name="columns">Prediction columns.</param>
    /// <returns>A span over the gradient's column-major storage.</returns>
    protected Span<double> GradientBuffer(int rows, int columns)
    {
        Workspace gradient = _gradients.Get(rows, rows, columns);
        if (!ReferenceEquals(_gradient, gradient))
        {
            _gradient = gradient;
        }

        return gradient.Data;
    }

    /// <summary>Checks a prediction matrix: dense, non-empty and finite.</summary>
    /// <param name="prediction">The prediction.</param>
    /// <param name="paramName">The argument's name for the message.</param>
    /// <returns>Its storage.</returns>
    protected static double[] CheckPrediction(Matrix<double> prediction, string paramName)
    {
        double[] data = Guard.Storage(prediction, paramName);
        Guard.NotEmpty(prediction, paramName);
        Guard.Finite(data, prediction.RowCount, paramName);
        return data;
    }

    /// <summary>Checks class-index targets: one per sample, each in [0, <paramref name="k"/>).</summary>
    /// <param name="classes">The class indices.</param>
    /// <param name="k">The number of classes (the prediction's rows).</param>
    /// <param name="n">The number of samples (the prediction's columns).</param>
    /// <param name="rowsWhat">What the prediction is, for the message ("logits").</param>
    /// <param name="paramName">The argument's name.</param>
    private protected static void CheckClasses(ReadOnlySpan<int> classes, int k, int n, string rowsWhat, string paramName)
    {
        if (classes.Length != n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must hold one class index per sample ({n}); {classes.Length} were given."),
                paramName);
        }

        for (int j = 0; j < n; j++)
        {
            if ((uint)classes[j] >= (uint)k)
            {
                throw new ArgumentOutOfRangeException(
                    paramName, classes[j],
                    string.Create(CultureInfo.InvariantCulture, $"Class index {classes[j]} of sample {j} is outside [0, {k - 1}] (the {rowsWhat} have {k} rows)."));
            }
        }
    }

    /// <summary>Checks a target matrix of the prediction's shape: dense and finite.</summary>
    /// <param name="target">The target.</param>
    /// <param name="prediction">The prediction it must match.</param>
    /// <param name="paramName">The argument's name for the message.</param>
    /// <returns>Its storage.</returns>
    protected static double[] CheckTarget(Matrix<double> target, Matrix<double> prediction, string paramName)
    {
        double[] data = Guard.Storage(target, paramName);
        Guard.SameShape(target, prediction.RowCount, prediction.ColumnCount, paramName, "the prediction's shape");
        Guard.Finite(data, target.RowCount, paramName);
        return data;
    }

    /// <summary>Throws for a target entry outside the loss's domain.</summary>
    /// <param name="index">Column-major index of the entry.</param>
    /// <param name="rows">Rows of the target.</param>
    /// <param name="value">The entry.</param>
    /// <param name="expected">What was expected, in words.</param>
    /// <param name="paramName">The argument's name.</param>
    /// <returns>Never returns.</returns>
    protected static ArgumentException TargetOutOfDomain(int index, int rows, double value, string expected, string paramName) =>
        new(string.Create(CultureInfo.InvariantCulture, $"'{paramName}' entry [{index % rows}, {index / rows}] is {value}; {expected} was expected."), paramName);

    /// <summary>Describes the reduction and scale for <see cref="object.ToString"/>.</summary>
    /// <returns>Text such as <c>reduction=Mean, scale=0.5</c>.</returns>
    protected string DescribeReduction() =>
        Scale == 1.0
            ? $"reduction={Reduction}"
            : string.Create(CultureInfo.InvariantCulture, $"reduction={Reduction}, scale={Scale}");
}
