using System.IO;
using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>StandardScaler and MinMaxScaler: per feature (row) over samples (columns), fit on train, apply anywhere.</summary>
public class ScalerTests
{
    private static Matrix<double> AirfoilInputs() =>
        DelimitedFile.Load(
            Path.Combine(AppContext.BaseDirectory, "data", "airfoil", "airfoil_self_noise.dat"),
            new DelimitedFileOptions { Delimiter = FieldDelimiter.Tab }).Features;

    private static double Mean(IEnumerable<double> values) => values.Sum() / values.Count();

    private static double PopulationStd(IEnumerable<double> values)
    {
        double m = Mean(values);
        return Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / values.Count());
    }

    /// <summary>Two features × four samples; feature 0 = 1, 2, 3, 4; feature 1 = 10, 10, 30, 50.</summary>
    private static Matrix<double> Train() => Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 3, 4 }, { 10, 10, 30, 50 } });

    [Fact]
    public void Standardised_airfoil_inputs_have_mean_0_and_population_std_1_per_feature()
    {
        Matrix<double> x = AirfoilInputs();
        var scaler = new StandardScaler();

        Matrix<double> z = scaler.FitTransform(x);

        z.RowCount.Should().Be(5);
        z.ColumnCount.Should().Be(1503);
        for (int i = 0; i < 5; i++)
        {
            double[] row = z.Row(i).ToArray();
            Mean(row).Should().BeApproximately(0, 1e-12, $"feature {i}");
            PopulationStd(row).Should().BeApproximately(1, 1e-12, $"feature {i}");
            Exact(scaler.Means[i], Mean(x.Row(i)));
            Exact(scaler.Scales[i], PopulationStd(x.Row(i)));
        }
    }

    [Fact]
    public void Standard_scaler_uses_the_population_std_on_a_hand_example()
    {
        var scaler = new StandardScaler();

        Matrix<double> z = scaler.FitTransform(Train());

        // Feature 0: mean 2.5, population variance ((1.5² + 0.5²) × 2) / 4 = 1.25 (the sample variance would be 5/3).
        scaler.Means.Should().Equal(2.5, 25.0);
        Exact(scaler.Scales[0], Math.Sqrt(1.25));
        // Feature 1: mean 25, deviations −15, −15, 5, 25 → variance (225 + 225 + 25 + 625) / 4 = 275.
        Exact(scaler.Scales[1], Math.Sqrt(275));
        Exact(z[0, 0], -1.5 / Math.Sqrt(1.25));
        Exact(z[1, 3], 25 / Math.Sqrt(275));
    }

    [Fact]
    public void Transform_applies_the_training_statistics_to_new_data()
    {
        var scaler = new StandardScaler();
        scaler.Fit(Train());
        Matrix<double> test = Matrix<double>.Build.DenseOfArray(new double[,] { { 5, 0 }, { 25, 100 } });

        Matrix<double> z = scaler.Transform(test);

        Exact(z[0, 0], 2.5 / Math.Sqrt(1.25));
        Exact(z[0, 1], -2.5 / Math.Sqrt(1.25));
        Exact(z[1, 0], 0.0);
        Exact(z[1, 1], 75 / Math.Sqrt(275));
        test[0, 0].Should().Be(5, "Transform returns a new matrix and leaves its argument alone");
        new StandardScaler().FitTransform(test)[0, 0].Should().NotBe(z[0, 0], "fitting on the test data would give other statistics");
    }

    [Fact]
    public void Inverse_transform_round_trips_airfoil_inputs()
    {
        Matrix<double> x = AirfoilInputs();
        var scaler = new StandardScaler();

        Matrix<double> back = scaler.InverseTransform(scaler.FitTransform(x));

        for (int j = 0; j < x.ColumnCount; j++)
        {
            for (int i = 0; i < x.RowCount; i++)
            {
                Exact(back[i, j], x[i, j]);
            }
        }
    }

    [Fact]
    public void Inverse_transform_maps_standardised_targets_back_to_units()
    {
        Matrix<double> y = Matrix<double>.Build.DenseOfArray(new double[,] { { 100, 110, 120, 130 } });
        var scaler = new StandardScaler();
        scaler.Fit(y);
        double mean = 115, std = Math.Sqrt(125);

        Matrix<double> units = scaler.InverseTransform(Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, -2 } }));

        Exact(units[0, 0], mean);
        Exact(units[0, 1], mean + std);
        Exact(units[0, 2], mean - (2 * std));
    }

    [Fact]
    public void Constant_feature_gets_scale_1_and_maps_to_exactly_0()
    {
        // 0.1 three times: the rounded mean 0.3/3 is not exactly 0.1, so only an exact constant check gives 0.
        Matrix<double> x = Matrix<double>.Build.DenseOfArray(new double[,] { { 0.1, 0.1, 0.1 }, { 1, 2, 3 } });
        var scaler = new StandardScaler();

        Matrix<double> z = scaler.FitTransform(x);

        scaler.Means[0].Should().Be(0.1);
        scaler.Scales[0].Should().Be(1.0);
        z.Row(0).ToArray().Should().Equal(0.0, 0.0, 0.0);
        scaler.Transform(Matrix<double>.Build.DenseOfArray(new double[,] { { 0.35 }, { 2 } }))[0, 0].Should().Be(0.35 - 0.1, "scale 1: only the centre is removed");
    }

    [Fact]
    public void Single_sample_fit_is_a_constant_fit()
    {
        var scaler = new StandardScaler();

        scaler.FitTransform(Matrix<double>.Build.DenseOfArray(new double[,] { { 3 }, { -7 } })).Enumerate().Should().Equal(0.0, 0.0);
        scaler.Scales.Should().Equal(1.0, 1.0);
    }

    [Fact]
    public void Transform_before_fit_is_an_invalid_operation()
    {
        var scaler = new StandardScaler();

        scaler.IsFitted.Should().BeFalse();
        var transform = () => scaler.Transform(Train());
        var inverse = () => scaler.InverseTransform(Train());
        var means = () => scaler.Means;
        var count = () => scaler.FeatureCount;

        transform.Should().Throw<InvalidOperationException>().WithMessage("*StandardScaler has not been fitted*Fit*");
        inverse.Should().Throw<InvalidOperationException>();
        means.Should().Throw<InvalidOperationException>();
        count.Should().Throw<InvalidOperationException>();
        new MinMaxScaler().Invoking(s => s.Transform(Train())).Should().Throw<InvalidOperationException>().WithMessage("*MinMaxScaler has not been fitted*");
    }

    [Fact]
    public void Transform_with_another_feature_count_names_both_shapes()
    {
        var scaler = new StandardScaler();
        scaler.Fit(Train());
        scaler.IsFitted.Should().BeTrue();
        scaler.FeatureCount.Should().Be(2);

        var act = () => scaler.Transform(Matrix<double>.Build.Dense(3, 5, 1.0));

        ArgumentException ex = act.Should().Throw<ArgumentException>().Which;
        ex.ParamName.Should().Be("data");
        ex.Message.Should().Contain("2 rows").And.Contain("3×5");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_values_are_refused_and_a_failed_fit_changes_nothing(double bad)
    {
        var scaler = new StandardScaler();
        scaler.Fit(Train());
        Matrix<double> x = Train();
        x[1, 2] = bad;

        scaler.Invoking(s => s.Fit(x)).Should().Throw<ArgumentException>().Which.Message.Should().Contain("[1, 2]");
        scaler.Invoking(s => s.Transform(x)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        scaler.Invoking(s => s.InverseTransform(x)).Should().Throw<ArgumentException>();
        new MinMaxScaler().Invoking(s => s.Fit(x)).Should().Throw<ArgumentException>();
        scaler.Means.Should().Equal(2.5, 25.0);
    }

    [Fact]
    public void Refit_replaces_the_statistics_and_feature_count()
    {
        var scaler = new StandardScaler();
        scaler.Fit(Train());

        scaler.Fit(Matrix<double>.Build.DenseOfArray(new double[,] { { 2, 4 } }));

        scaler.FeatureCount.Should().Be(1);
        scaler.Means.Should().Equal(3.0);
        scaler.Scales.Should().Equal(1.0);
    }

    [Fact]
    public void Empty_data_is_refused()
    {
        var act = () => new StandardScaler().Fit(Matrix<double>.Build.Dense(2, 0));

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
    }

    [Fact]
    public void Overflowing_range_is_refused_by_the_min_max_scaler_but_its_standard_deviation_is_representable()
    {
        // max − min = 2e308 is beyond double's range, and a min–max scaler divides by it; the population standard
        // deviation of two values is half their distance, 1e308, with mean 0 (both exact here).
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { -1e308, 1e308 } });

        var minMax = new MinMaxScaler();
        minMax.Invoking(s => s.Fit(x)).Should().Throw<ArgumentException>().Which.Message.Should().Contain("Feature 0").And.Contain("range");
        minMax.IsFitted.Should().BeFalse();

        var standard = new StandardScaler();
        Matrix<double> z = standard.FitTransform(x);
        standard.Means.Should().Equal(0.0);
        standard.Scales.Should().Equal(1e308);
        z.Row(0).ToArray().Should().Equal(-1.0, 1.0);
    }

    [Fact]
    public void Standard_scaler_fits_values_whose_sum_overflows()
    {
        // [a, a, −a] with a = 1e308: the sum 2a overflows, but mean = a/3 and the population standard deviation
        // √(((2a/3)²·2 + (4a/3)²)/3) = a·√8/3 ≈ 9.43e307 are representable (computed here on a = 1).
        const double a = 1e308;
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { a, a, -a } });
        var scaler = new StandardScaler();

        Matrix<double> z = scaler.FitTransform(x);

        double std = Math.Sqrt(8.0) / 3.0;
        scaler.Means[0].Should().BeApproximately(a / 3, 1e-15 * a);
        scaler.Scales[0].Should().BeApproximately(a * std, 1e-15 * a);
        Exact(z[0, 0], (2.0 / 3.0) / std);
        Exact(z[0, 2], (-4.0 / 3.0) / std);
    }

    [Fact]
    public void Standard_scaler_fits_values_whose_squares_underflow()
    {
        // [0, b] with b = 2e-300: the deviations ±b/2 square to 1e-600, below the smallest double, but the standard
        // deviation is b/2 = 1e-300 (exact: halving and sqrt(fl(d²)) = |d| are exact in binary floating point).
        const double b = 2e-300;
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 0.0, b } });
        var scaler = new StandardScaler();

        Matrix<double> z = scaler.FitTransform(x);

        scaler.Means.Should().Equal(b / 2);
        scaler.Scales.Should().Equal(b / 2);
        z.Row(0).ToArray().Should().Equal(-1.0, 1.0);
        scaler.InverseTransform(z).Row(0).ToArray().Should().Equal(0.0, b);
    }

    [Fact]
    public void Standard_scaler_refuses_only_a_standard_deviation_below_the_smallest_double()
    {
        // [0, ε] with ε = 2⁻¹⁰⁷⁴: the standard deviation ε/2 rounds to 0 (ties to even), so there is nothing to divide by.
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 0.0, double.Epsilon } });
        var scaler = new StandardScaler();

        scaler.Invoking(s => s.Fit(x)).Should().Throw<ArgumentException>().Which.Message.Should().Contain("standard deviation of 0");
        scaler.IsFitted.Should().BeFalse();

        // Control: ε apart at twice the distance gives ε.
        scaler.Fit(Matrix<double>.Build.DenseOfArray(new double[,] { { 0.0, 2 * double.Epsilon } }));
        scaler.Scales.Should().Equal(double.Epsilon);
    }

    [Fact]
    public void Transform_and_inverse_are_finite_where_only_an_intermediate_overflows()
    {
        // Fitted on [a, a, −a] (a = 1e308): mean a/3, std a·√8/3. x = −1.7a lies 2.03a below the mean (x − mean
        // overflows), yet maps to (−1.7 − 1/3)/(√8/3) ≈ −2.157; mapping that back multiplies by the std first (also an
        // overflow) before adding the mean back.
        const double a = 1e308;
        var scaler = new StandardScaler();
        scaler.Fit(Matrix<double>.Build.DenseOfArray(new double[,] { { a, a, -a } }));
        var far = Matrix<double>.Build.DenseOfArray(new double[,] { { -1.7 * a } });

        Matrix<double> z = scaler.Transform(far);
        Matrix<double> back = scaler.InverseTransform(z);

        Exact(z[0, 0], (-1.7 - (1.0 / 3.0)) / (Math.Sqrt(8.0) / 3.0));
        back[0, 0].Should().BeApproximately(-1.7 * a, 1e-14 * a);

        // Min–max: fitted on [−a, −a/2] (range a/2), x = a is 2a above the minimum (overflows): (a + a)/(a/2) = 4 exactly,
        // and 4 maps back to a (exactly: only powers of two are involved).
        var minMax = new MinMaxScaler();
        minMax.Fit(Matrix<double>.Build.DenseOfArray(new double[,] { { -a, -a / 2 } }));
        Matrix<double> m = minMax.Transform(Matrix<double>.Build.DenseOfArray(new double[,] { { a } }));
        m[0, 0].Should().Be(4.0);
        minMax.InverseTransform(m)[0, 0].Should().Be(a);

        // A result that is itself beyond double's range is still refused.
        minMax.Invoking(s => s.InverseTransform(Matrix<double>.Build.DenseOfArray(new double[,] { { 1e300 } })))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("outside the range of a double");
    }

    [Fact]
    public void Min_max_scaler_maps_each_training_feature_onto_0_1()
    {
        var scaler = new MinMaxScaler();

        Matrix<double> z = scaler.FitTransform(Train());

        scaler.RangeMin.Should().Be(0);
        scaler.RangeMax.Should().Be(1);
        scaler.DataMin.Should().Equal(1.0, 10.0);
        scaler.DataMax.Should().Equal(4.0, 50.0);
        for (int j = 0; j < 4; j++)
        {
            Exact(z[0, j], (Train()[0, j] - 1) / 3);
            Exact(z[1, j], (Train()[1, j] - 10) / 40);
        }

        z[0, 0].Should().Be(0);
        z[0, 3].Should().Be(1);
    }

    [Fact]
    public void Min_max_scaler_with_a_custom_range_does_not_clip_new_data()
    {
        var scaler = new MinMaxScaler(-1, 1);
        scaler.Fit(Train());

        Matrix<double> z = scaler.Transform(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 7 }, { 30, 0 } }));

        z[0, 0].Should().Be(-1);
        Exact(z[0, 1], (((7.0 - 1) / 3) * 2) - 1);
        Exact(z[1, 0], 0.0);
        Exact(z[1, 1], (((0.0 - 10) / 40) * 2) - 1);
    }

    [Fact]
    public void Min_max_inverse_round_trips_airfoil_inputs()
    {
        Matrix<double> x = AirfoilInputs();
        var scaler = new MinMaxScaler(-2, 3);

        Matrix<double> z = scaler.FitTransform(x);
        Matrix<double> back = scaler.InverseTransform(z);

        z.Enumerate().Should().OnlyContain(v => v >= -2 && v <= 3 + 1e-15);
        for (int k = 0; k < x.RowCount * x.ColumnCount; k++)
        {
            Exact(back[k % 5, k / 5], x[k % 5, k / 5]);
        }
    }

    [Fact]
    public void Min_max_constant_feature_maps_to_the_range_minimum()
    {
        var scaler = new MinMaxScaler(2, 5);
        Matrix<double> x = Matrix<double>.Build.DenseOfArray(new double[,] { { 7, 7, 7 }, { 0, 1, 2 } });

        Matrix<double> z = scaler.FitTransform(x);

        z.Row(0).ToArray().Should().Equal(2.0, 2.0, 2.0);
        // Scale 1 (scikit-learn's rule): another value x maps to 2 + (x − 7) × (5 − 2).
        scaler.Transform(Matrix<double>.Build.DenseOfArray(new double[,] { { 8 }, { 1 } }))[0, 0].Should().Be(5);
        scaler.InverseTransform(z).Row(0).ToArray().Should().Equal(7.0, 7.0, 7.0);
    }

    [Theory]
    [InlineData(1, 1, "rangeMax")]
    [InlineData(1, 0, "rangeMax")]
    [InlineData(double.NaN, 1, "rangeMin")]
    [InlineData(0, double.PositiveInfinity, "rangeMax")]
    [InlineData(-1e308, 1e308, "rangeMax")]
    public void Min_max_range_must_be_finite_and_increasing(double low, double high, string param)
    {
        var act = () => new MinMaxScaler(low, high);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(param);
    }

    [Fact]
    public void Scalers_share_the_feature_scaler_contract()
    {
        FeatureScaler[] scalers = [new StandardScaler(), new MinMaxScaler()];

        foreach (FeatureScaler s in scalers)
        {
            Matrix<double> z = s.FitTransform(Train());
            Matrix<double> back = s.InverseTransform(z);
            for (int k = 0; k < 8; k++)
            {
                Exact(back[k % 2, k / 2], Train()[k % 2, k / 2]);
            }
        }
    }

    // ------------------------------------------------------------------ rebuilt from fitted values

    private static Matrix<double> Wide() => Matrix<double>.Build.DenseOfArray(new[,]
    {
        { 1.5, -2.0, 7.25, 0.1 },
        { 3.0, 3.0, 3.0, 3.0 }, // constant: scale 1
        { -1e5, 2e5, 3.5e4, 0.0 },
    });

    private static long[] Bits(Matrix<double> m) => m.ToColumnMajorArray().Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Fact]
    public void StandardScalerFromFittedValues_MapsBitForBitAsTheFittedOne()
    {
        var fitted = new StandardScaler();
        fitted.Fit(Wide());
        StandardScaler rebuilt = StandardScaler.FromFitted(fitted.Means, fitted.Scales);
        var probe = Matrix<double>.Build.Dense(3, 5, (i, j) => (i - 1) * (j + 0.37) * 1000);

        rebuilt.IsFitted.Should().BeTrue();
        Bits(rebuilt.Transform(probe)).Should().Equal(Bits(fitted.Transform(probe)));
        Bits(rebuilt.InverseTransform(probe)).Should().Equal(Bits(fitted.InverseTransform(probe)));
    }

    [Fact]
    public void MinMaxScalerFromFittedValues_MapsBitForBitAsTheFittedOne()
    {
        var fitted = new MinMaxScaler(-2, 3);
        fitted.Fit(Wide());
        MinMaxScaler rebuilt = MinMaxScaler.FromFitted(fitted.DataMin, fitted.DataMax, -2, 3);
        var probe = Matrix<double>.Build.Dense(3, 5, (i, j) => (i - 1) * (j + 0.37) * 1000);

        rebuilt.DataMax.Should().Equal(fitted.DataMax);
        Bits(rebuilt.Transform(probe)).Should().Equal(Bits(fitted.Transform(probe)));
        Bits(rebuilt.InverseTransform(probe)).Should().Equal(Bits(fitted.InverseTransform(probe)));
    }

    [Fact]
    public void FittedValues_AreValidated_NamingTheArgumentAndEntry()
    {
        void Refused(Action build, string param, params string[] says)
        {
            var e = Assert.ThrowsAny<ArgumentException>(build);
            e.ParamName.Should().Be(param);
            foreach (string text in says)
            {
                e.Message.Should().Contain(text);
            }
        }

        Refused(() => StandardScaler.FromFitted([], []), "means", "none");
        Refused(() => StandardScaler.FromFitted([0, 1], [1]), "scales", "2", "1 were given");
        Refused(() => StandardScaler.FromFitted([0, double.NaN], [1, 1]), "means", "entry 1", "NaN");
        Refused(() => StandardScaler.FromFitted([0, 0], [1, 0]), "scales", "positive", "entry 1");
        Refused(() => StandardScaler.FromFitted([0, 0], [1, double.PositiveInfinity]), "scales", "entry 1");
        Refused(() => MinMaxScaler.FromFitted([0, 5], [1, 4]), "dataMax", "Feature 1", "4 was given");
        Refused(() => MinMaxScaler.FromFitted([-double.MaxValue], [double.MaxValue]), "dataMax", "finite difference");
        Refused(() => MinMaxScaler.FromFitted([0], [1], 1, 1), "rangeMax");
        Refused(() => MinMaxScaler.FromFitted([0], [1, 2]), "dataMax", "1", "2 were given");
        Refused(() => StandardScaler.FromFitted(null!, [1]), "means");
    }
}
