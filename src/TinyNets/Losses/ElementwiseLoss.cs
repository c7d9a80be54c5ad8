using System;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace TinyNets.Losses;

/// <summary>A loss that is a sum of one term per prediction entry, each depending on that entry and its target only.</summary>
public abstract class ElementwiseLoss : Loss
{
    /// <summary>Sets the reduction and scale.</summary>
    /// <param name="reduction">How terms are reduced; <see cref="Reduction.Mean"/> averages over all elements.</param>
    /// <param name="scale">A positive factor applied to value and gradient.</param>
    protected ElementwiseLoss(Reduction reduction, double scale)
        : base(reduction, scale)
    {
    }

    /// <inheritdoc/>
    public override double Forward(Matrix<double> prediction, Matrix<double> target)
    {
        double[] p = CheckPrediction(prediction, nameof(prediction));
        double[] t = CheckTarget(target, prediction, nameof(target));
        CheckTargetDomain(t, target.RowCount, nameof(target));

        Span<double> g = GradientBuffer(prediction.RowCount, prediction.ColumnCount);
        double factor = Factor(p.Length, prediction.ColumnCount);
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            sum += Term(p[i], t[i], out double d);
            g[i] = factor * d;
        }

        return factor * sum;
    }

    /// <summary>Computes the loss of one sample (convenience; allocates).</summary>
    /// <param name="prediction">The sample's predictions.</param>
    /// <param name="target">Its targets.</param>
    /// <returns>The reduced, scaled loss.</returns>
    public double Forward(Vector<double> prediction, Vector<double> target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        return Forward(DenseMatrix.OfColumnVectors(prediction), DenseMatrix.OfColumnVectors(target));
    }

    /// <inheritdoc/>
    internal override void CheckTargets(Matrix<double> target, string paramName) =>
        CheckTargetDomain(target.AsColumnMajorArray(), target.RowCount, paramName);

    /// <summary>One term and its derivative with respect to the prediction.</summary>
    /// <param name="prediction">ŷ.</param>
    /// <param name="target">y.</param>
    /// <param name="derivative">∂term/∂ŷ.</param>
    /// <returns>The term.</returns>
    protected abstract double Term(double prediction, double target, out double derivative);

    /// <summary>Checks the targets' domain (the default accepts every finite value).</summary>
    /// <param name="target">Column-major targets.</param>
    /// <param name="rows">Target rows.</param>
    /// <param name="paramName">The argument's name.</param>
    protected virtual void CheckTargetDomain(ReadOnlySpan<double> target, int rows, string paramName)
    {
    }
}
