using System;
using System.Collections.Generic;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;

namespace TinyNets.Data;

/// <summary>
/// A per-feature affine rescaling fitted on training data: each feature (row; samples are columns) is mapped by
/// y = (x − center) / scale × width + low, with center and scale learnt by <see cref="Fit"/> and width and low fixed by
/// the scaler. Fit on the training set only, then apply the same mapping to training, validation and test data.
/// Once fitted, <see cref="Transform"/> and <see cref="InverseTransform"/> only read the fitted values and return new
/// matrices, so several threads may call them at once (while nobody calls <see cref="Fit"/>).
/// </summary>
public abstract class FeatureScaler
{
    private readonly double _low;
    private readonly double _width;
    // The name of Fit's argument, for errors raised while fitting.
    private const string FitArgument = "data";

    private double[]? _center;
    private double[]? _scale;

    /// <summary>Sets the output mapping applied after centring and scaling.</summary>
    /// <param name="low">Added last; finite.</param>
    /// <param name="width">Multiplied after dividing by the scale; positive and finite.</param>
    private protected FeatureScaler(double low, double width)
    {
        _low = low;
        _width = width;
    }

    /// <summary>Whether <see cref="Fit"/> (or <see cref="FitTransform"/>) has run.</summary>
    public bool IsFitted => _center is not null;

    /// <summary>The number of features (rows) the scaler was fitted on.</summary>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
    public int FeatureCount => Center.Count;

    /// <summary>The per-feature value subtracted first (the mean, the minimum, …).</summary>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
    /// <summary>
    /// The map x ↦ ((x − center) / scale)·width + low as <see cref="Transform"/> applies it, for an exporter that
    /// writes it out (ONNX): the very values, not a recomputation.
    /// </summary>
    internal (IReadOnlyList<double> Center, IReadOnlyList<double> Scale, double Width, double Low) Affine => (Center, Scale, _width, _low);

    private protected IReadOnlyList<double> Center => Array.AsReadOnly(_center ?? throw NotFitted());

    /// <summary>The per-feature divisor (1 for a constant feature).</summary>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
    private protected IReadOnlyList<double> Scale => Array.AsReadOnly(_scale ?? throw NotFitted());

    /// <summary>Learns the per-feature parameters from training data, replacing any earlier fit.</summary>
    /// <param name="data">Features × samples (one sample per column); dense, at least one sample, finite.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty, not dense, or holds NaN or an infinity, or a feature's spread is not representable (a min–max range beyond double's range, a standard deviation below the smallest positive double). The scaler is then unchanged.</exception>
    public void Fit(Matrix<double> data)
    {
        double[] storage = Guard.Storage(data, nameof(data));
        Guard.NotEmpty(data, nameof(data));
        Guard.Finite(storage, data.RowCount, nameof(data));
        int rows = data.RowCount;
        double[] center = new double[rows], scale = new double[rows];
        FitCore(storage, rows, data.ColumnCount, center, scale);
        _center = center;
        _scale = scale;
    }

    /// <summary>Maps data with the fitted parameters.</summary>
    /// <param name="data">Features × samples with the fitted number of rows; dense, finite.</param>
    /// <returns>A new matrix of the same shape; <paramref name="data"/> is not changed.</returns>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
    /// <exception cref="ArgumentException">Wrong number of rows, empty, not dense, NaN or an infinity, or a result that overflows.</exception>
    public Matrix<double> Transform(Matrix<double> data) => Map(data, nameof(data), inverse: false);

    /// <summary>Maps scaled values back to the original units (for example a network's scaled target predictions).</summary>
    /// <param name="data">Scaled features × samples with the fitted number of rows; dense, finite.</param>
    /// <returns>A new matrix of the same shape; <paramref name="data"/> is not changed.</returns>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
    /// <exception cref="ArgumentException">Wrong number of rows, empty, not dense, NaN or an infinity, or a result that overflows.</exception>
    public Matrix<double> InverseTransform(Matrix<double> data) => Map(data, nameof(data), inverse: true);

    /// <summary><see cref="Fit"/> on <paramref name="data"/>, then <see cref="Transform"/> it.</summary>
    /// <param name="data">Training features × samples; dense, at least one sample, finite.</param>
    /// <returns>A new matrix of the same shape.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Fit"/>.</exception>
    public Matrix<double> FitTransform(Matrix<double> data)
    {
        Fit(data);
        return Transform(data);
    }

    /// <summary>Sets the fitted parameters directly (a scaler rebuilt from saved values); the caller has validated them.</summary>
    /// <param name="center">Each feature's center, finite.</param>
    /// <param name="scale">Each feature's scale, positive and finite.</param>
    private protected void SetFitted(double[] center, double[] scale)
    {
        _center = center;
        _scale = scale;
    }

    /// <summary>Copies <paramref name="values"/> after checking that there is at least one and that each is finite.</summary>
    /// <param name="values">The values.</param>
    /// <param name="paramName">The argument's name, for the message.</param>
    /// <returns>A copy.</returns>
    /// <exception cref="ArgumentException">Empty, or a value that is NaN or infinite.</exception>
    private protected static double[] FiniteCopy(IReadOnlyList<double> values, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        double[] copy = [.. values];
        if (copy.Length == 0)
        {
            throw new ArgumentException($"'{paramName}' must hold one value per feature; none was given.", paramName);
        }

        int bad = Guard.FirstNonFinite(copy);
        if (bad >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must hold finite values; entry {bad} is {copy[bad]}."), paramName);
        }

        return copy;
    }

    /// <summary>
    /// Learns every feature's center and scale. Either completes (and then stores any extra state of its own) or throws
    /// before changing anything, so that a failed fit leaves the scaler as it was.
    /// </summary>
    /// <param name="storage">The data's column-major storage: feature i of sample j is at j × rows + i; finite.</param>
    /// <param name="rows">The number of features.</param>
    /// <param name="samples">The number of samples; at least one.</param>
    /// <param name="center">Receives each feature's center.</param>
    /// <param name="scale">Receives each feature's scale, positive and finite.</param>
    private protected abstract void FitCore(ReadOnlySpan<double> storage, int rows, int samples, Span<double> center, Span<double> scale);

    /// <summary>The error for a feature whose spread does not fit in a double.</summary>
    /// <param name="feature">The feature's row.</param>
    /// <param name="what">The quantity, such as "standard deviation".</param>
    /// <param name="value">Its computed value.</param>
    /// <param name="paramName">The name of <see cref="Fit"/>'s argument.</param>
    /// <returns>The exception to throw.</returns>
    private protected static ArgumentException SpreadOutOfRange(int feature, string what, double value, string paramName = FitArgument) =>
        new(string.Create(CultureInfo.InvariantCulture,
                $"Feature {feature} (row {feature} of '{paramName}') has a {what} of {value}, which cannot scale it; the values of a feature must differ by a representable, finite amount."),
            paramName);

    private Matrix<double> Map(Matrix<double> data, string paramName, bool inverse)
    {
        double[] center = _center ?? throw NotFitted();
        double[] scale = _scale!;
        double[] storage = Guard.Storage(data, paramName);
        Guard.NotEmpty(data, paramName);
        Guard.Rows(data, center.Length, paramName, "the features the scaler was fitted on");
        Guard.Finite(storage, data.RowCount, paramName);
        int rows = data.RowCount;
        double[] result = new double[storage.Length];
        for (int k = 0; k < storage.Length; k++)
        {
            int i = k % rows;
            double y = inverse
                ? ((storage[k] - _low) / _width * scale[i]) + center[i]
                : ((storage[k] - center[i]) / scale[i] * _width) + _low;
            result[k] = double.IsFinite(y) ? y
                : inverse ? WideAffine(storage[k], _low, _width, scale[i], center[i])
                : WideAffine(storage[k], center[i], scale[i], _width, _low);
        }

        int bad = Guard.FirstNonFinite(result);
        if (bad >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"'{paramName}' entry [{bad % rows}, {bad / rows}] = {storage[bad]} maps to {result[bad]}, outside the range of a double."),
                paramName);
        }

        return Matrix<double>.Build.Dense(rows, data.ColumnCount, result);
    }

    /// <summary>
    /// ((v − sub) / div) × mul + add for finite operands whose plain evaluation overflowed (e.g. v − sub): the same
    /// operations on operands brought near 1 by powers of two, whose exponents are added apart, so that only a result
    /// beyond double's range is infinite. Power-of-two scalings commute with rounding, so it rounds as the plain form
    /// would with an unbounded exponent.
    /// </summary>
    private static double WideAffine(double v, double sub, double div, double mul, double add)
    {
        // v − sub as it is where it is finite (halving would round a subnormal's last bit and could make two values
        // equal); halved where it overflowed, which needs |v| and |sub| far above the subnormals, so halving is exact.
        int half = 0;
        double difference = v - sub;
        if (!double.IsFinite(difference))
        {
            difference = Math.ScaleB(v, -1) - Math.ScaleB(sub, -1);
            half = 1;
        }

        if (difference == 0)
        {
            return add;
        }

        int ed = Math.ILogB(difference), es = Math.ILogB(div), em = Math.ILogB(mul);
        double q = Math.ScaleB(difference, -ed) / Math.ScaleB(div, -es) * Math.ScaleB(mul, -em); // in (¼, 4)
        int e = half + ed - es + em;

        // q·2ᵉ + add, halved so that a sum within range is not lost to an intermediate overflow.
        return Math.ScaleB(Math.ScaleB(q, e - 1) + Math.ScaleB(add, -1), 1);
    }

    private InvalidOperationException NotFitted() =>
        new($"This {GetType().Name} has not been fitted; call {nameof(Fit)} (or {nameof(FitTransform)}) on the training data first.");
}
