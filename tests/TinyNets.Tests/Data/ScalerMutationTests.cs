using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>
/// The feature scalers: messages pinned whole (specified text), each check met before the computation it guards, the
/// plain affine map used whenever it is finite (exact down to subnormal results), and scikit-learn's
/// <c>StandardScaler</c> statistics (mean and population standard deviation) where a one-pass formula or a wrongly
/// signed correction would round differently; expected values are closed forms.
/// </summary>
public class ScalerMutationTests
{
    private const double Ulp1 = 1.0 / (1L << 52); // 2⁻⁵², the spacing of doubles in [1, 2)

    private static StandardScaler TwoFeatures(double secondScale = 1) => StandardScaler.FromFitted([0.0, 0.0], [1.0, secondScale]);

    [Fact]
    public void FromFitted_NaNAsTheFirstMean_IsRefused()
    {
        Action act = () => StandardScaler.FromFitted([double.NaN, 1.0], [1.0, 1.0]);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'means' must hold finite values; entry 0 is NaN. (Parameter 'means')");
    }

    [Fact]
    public void FromFitted_ZeroAsTheFirstScale_IsRefused()
    {
        Action act = () => StandardScaler.FromFitted([0.0, 0.0], [0.0, 1.0]);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("Scales must be positive; entry 0 is 0. (Parameter 'scales')");
    }

    [Fact]
    public void MinMaxScaler_NaNLowerEnd_IsRefusedByName()
    {
        Action act = () => _ = new MinMaxScaler(double.NaN, 1.0);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>()
            .WithMessage("A finite lower end of the target range was expected; NaN was given. (Parameter 'rangeMin')*");
    }

    [Fact]
    public void Transform_NoSample_IsRefused()
    {
        Action act = () => TwoFeatures().Transform(Matrix<double>.Build.Dense(2, 0));

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("An empty batch was given for 'data' (shape 2×0); at least one sample (column) is expected. (Parameter 'data')");
    }

    [Fact]
    public void Transform_WrongFeatureCount_NamesWhatTheRowsAre()
    {
        Action act = () => TwoFeatures().Transform(Matrix<double>.Build.Dense(3, 1));

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'data' must have 2 rows (the features the scaler was fitted on, one sample per column); shape 3×1 was given. (Parameter 'data')");
    }

    [Fact]
    public void InverseTransform_NaN_IsRefusedAsNotFinite()
    {
        // Unchecked, NaN would be mapped and then reported as a value outside the range of a double.
        Matrix<double> data = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0 }, { double.NaN } });

        Action act = () => TwoFeatures().InverseTransform(data);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'data' must contain only finite values; entry [1, 0] is NaN. (Parameter 'data')");
    }

    [Fact]
    public void Transform_Overflow_NamesTheRowAndColumn()
    {
        // Feature 1 has scale 1e-10: 1e300 / 1e-10 = 1e310 is beyond double's range. Column-major index 5 of 2 × 3.
        Matrix<double> data = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 1.0, 1.0 }, { 1.0, 1.0, 1e300 } });

        Action act = () => TwoFeatures(1e-10).Transform(data);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'data' entry [1, 2] = 1E+300 maps to Infinity, outside the range of a double. (Parameter 'data')");
    }

    [Fact]
    public void Transform_ASubnormalResult_IsTheExactQuotient()
    {
        // (3·2⁻⁹⁷⁴ − 0) / 2¹⁰⁰ = 3·2⁻¹⁰⁷⁴, a subnormal double exactly; computing at half the value and doubling would
        // round 1.5·2⁻¹⁰⁷⁴ to 2·2⁻¹⁰⁷⁴ first and give 4·2⁻¹⁰⁷⁴.
        StandardScaler scaler = StandardScaler.FromFitted([0.0], [Math.ScaleB(1, 100)]);
        Matrix<double> data = Matrix<double>.Build.Dense(1, 1, Math.ScaleB(3, -974));

        double y = scaler.Transform(data)[0, 0];

        y.Should().Be(Math.ScaleB(3, -1074));
    }

    [Fact]
    public void Transform_SubnormalDataWhoseImageOverflows_IsRefused()
    {
        // Fitted on [3ε, 4ε] into [0, 1e308]: 5ε maps to (5ε − 3ε)/ε · 1e308 + 0 = 2e308, beyond a double. Halving 5ε
        // and 3ε first rounds both to 2ε (ties to even) and made the two equal, so 5ε was mapped to 0 without an error.
        MinMaxScaler scaler = MinMaxScaler.FromFitted([3 * double.Epsilon], [4 * double.Epsilon], 0, 1e308);
        Matrix<double> data = Matrix<double>.Build.Dense(1, 1, 5 * double.Epsilon);

        Action act = () => scaler.Transform(data);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'data' entry [0, 0] = 2.5E-323 maps to Infinity, outside the range of a double. (Parameter 'data')");
    }

    [Fact]
    public void Transform_SubnormalDataWhosePlainMapOverflows_GivesTheFiniteImage()
    {
        // Fitted on [3ε, 4ε] into [−1e308, 0]: 5ε maps to 2 · 1e308 − 1e308 = 1e308 exactly, although 2 · 1e308 overflows
        // on the way (halving the subnormals first gave a zero difference and −1e308).
        MinMaxScaler scaler = MinMaxScaler.FromFitted([3 * double.Epsilon], [4 * double.Epsilon], -1e308, 0);
        Matrix<double> data = Matrix<double>.Build.Dense(1, 1, 5 * double.Epsilon);

        double y = scaler.Transform(data)[0, 0];

        y.Should().Be(1e308);
    }

    [Fact]
    public void Fit_ValuesAnUlpApart_GiveTheCorrectlyRoundedMeanAndTheExactStd()
    {
        // 1, 1, 1 + u (u = 2⁻⁵²): mean 1 + u/3, which rounds to 1 (1 − u/3 would round to 1 − u/2); deviations −u/3,
        // −u/3, 2u/3 give the population variance (1 + 1 + 4)·u² / 27 = 2u²/9, std = (√2 / 3)·u.
        var scaler = new StandardScaler();

        scaler.Fit(Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 1.0, 1.0 + Ulp1 } }));

        scaler.Means[0].Should().Be(1.0);
        double expected = Math.Sqrt(2) / 3 * Ulp1;
        scaler.Scales[0].Should().BeApproximately(expected, 1e-12 * expected);
    }

    [Fact]
    public void Fit_LargeOffset_KeepsTheStd()
    {
        // 1e8 + 1, 1e8 + 2, 1e8 + 3: mean 1e8 + 2, population variance (1 + 0 + 1) / 3; E[x²] − mean² would cancel away.
        var scaler = new StandardScaler();

        scaler.Fit(Matrix<double>.Build.DenseOfArray(new[,] { { 1e8 + 1, 1e8 + 2, 1e8 + 3 } }));

        scaler.Means[0].Should().Be(1e8 + 2);
        scaler.Scales[0].Should().BeApproximately(Math.Sqrt(2.0 / 3.0), 1e-9);
    }
}
