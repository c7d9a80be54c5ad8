using TinyNets.Diagnostics;

namespace TinyNets.Tests.Diagnostics;

/// <summary>
/// What GradientCheck reports, on a layer whose backward pass is wrong by known factors: y = w ⊙ x per feature, with
/// ∂L/∂wᵢ and ∂L/∂xᵢⱼ reported as fixed multiples of the true ones. With the sum of squared errors, dyadic values and a
/// step of 2⁻¹⁰ every loss of the check is exact in float64, so the central difference of this quadratic loss is the
/// true gradient exactly, and every error, relative error and tolerance comparison is exact: the worst entry, its
/// row and column, the largest absolute error, pass or fail at the tolerance's edge. Also the arguments' checks, a
/// network without parameters, and the pass the network is left with.
/// </summary>
public class GradientCheckMutationTests
{
    private const double Step = 1.0 / 1024;

    private static readonly double[] W = [0.5, 1.5, -1.0, 2.0];

    // features × batch (4 × 2), written by rows. x₀₀·w₀ = t₀₀, so ∂L/∂x₀₀ = 0 and its central difference is 0.
    private static readonly Matrix<double> X = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, -1.0 }, { 1.0, 0.25 }, { 0.5, 2.0 }, { -1.0, 0.75 } });

    private static readonly Matrix<double> T = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.25 }, { 0.5, -0.5 }, { 0.25, 1.0 }, { -1.0, 0.5 } });

    // Relative errors 0.25, 0.5, 0.5, 0.25 (a factor f < 1 gives (1 − f)·|n| / |n|): the worst is entry 1, tied with 2.
    private static readonly double[] WeightFactors = [0.75, 0.5, 0.5, 0.75];

    // Column-major: only entry 6 (row 2, sample 1) is wrong, relative error 0.25.
    private static readonly double[] InputFactors = [1, 1, 1, 1, 1, 1, 0.75, 1];

    private static readonly double[] Exact = [1, 1, 1, 1, 1, 1, 1, 1];

    // L = Σᵢⱼ (wᵢxᵢⱼ − tᵢⱼ)², so ∂L/∂wᵢ = 2 Σⱼ (wᵢxᵢⱼ − tᵢⱼ)·xᵢⱼ and ∂L/∂xᵢⱼ = 2 (wᵢxᵢⱼ − tᵢⱼ)·wᵢ.
    private static double TrueWeightGradient(int i) =>
        Enumerable.Range(0, X.ColumnCount).Sum(j => 2 * ((W[i] * X[i, j]) - T[i, j]) * X[i, j]);

    private static double TrueInputGradient(int i, int j) => 2 * ((W[i] * X[i, j]) - T[i, j]) * W[i];

    private static (Sequential Network, MisScaledProduct Layer) Net(double[] weightFactors, double[] inputFactors)
    {
        var layer = new MisScaledProduct(W, weightFactors, inputFactors);
        return (new Sequential(layer), layer);
    }

    private static GradientCheckReport Check(double[] weightFactors, double[] inputFactors, double atol = 1e-5, double rtol = 1e-3) =>
        GradientCheck.Run(Net(weightFactors, inputFactors).Network, X, T, MseLoss.Sse(), Step, atol, rtol);

    [Fact]
    public void The_closed_form_gradients_are_those_the_tests_assume()
    {
        // Worked by hand: r = wx − t is (0, 1, −0.75, −1) and (−0.75, 0.875, −3, 1) in the two samples.
        Enumerable.Range(0, 4).Select(TrueWeightGradient).Should().Equal(1.5, 2.4375, -12.75, 3.5);
        Enumerable.Range(0, 8).Select(k => TrueInputGradient(k % 4, k / 4)).Should().Equal(0, 3, 1.5, -4, -0.75, 2.625, 6, 4);
    }

    [Fact]
    public void A_parameter_reports_its_first_entry_of_largest_relative_error_and_its_largest_absolute_error()
    {
        GradientCheckReport report = Check(WeightFactors, Exact);

        GradientCheckEntry w = report.Entries[0];
        w.Name.Should().Be("0.weight");
        (w.Row, w.Column).Should().Be((1, 0), "entries 1 and 2 share the largest relative error 0.5 and the first is kept");
        w.Numeric.Should().Be(TrueWeightGradient(1));
        w.Analytic.Should().Be(0.5 * TrueWeightGradient(1));
        w.RelativeError.Should().Be(0.5, "|a − n| / max(|a|, |n|) = 0.5·|n| / |n|");
        w.AbsoluteError.Should().Be(0.5 * Math.Abs(TrueWeightGradient(1)));
        w.LargestAbsoluteError.Should().Be(0.5 * Math.Abs(TrueWeightGradient(2)), "entry 2 has the largest |a − n| of the four");
        w.Passed.Should().BeFalse("each of its four entries misses the default tolerances");
        report.Entries[1].Passed.Should().BeTrue();
        report.Passed.Should().BeFalse();
    }

    [Fact]
    public void Each_worst_entry_is_kept_whatever_the_entries_after_it()
    {
        // Relative errors in entry order, and the entry kept: the first of the largest.
        (double[] Factors, int Row)[] cases =
        [
            ([0.5, 0.75, 0.75, 0.75], 0), // the first entry, when no later one is worse
            ([0.75, 0.75, 0.5, 0.75], 2), // a later, worse entry replaces it
            ([1.0, 1.0, 1.0, 0.5], 3),    // the last entry, after entries of relative error 0
            ([0.75, 0.75, 0.75, 0.75], 0), // all equal: the first
        ];
        foreach ((double[] factors, int row) in cases)
        {
            GradientCheckEntry w = Check(factors, Exact).Entries[0];
            w.Row.Should().Be(row, "factors {0}", string.Join(", ", factors));
            w.RelativeError.Should().Be(1 - factors[row]);
        }
    }

    [Fact]
    public void The_input_reports_its_worst_entry_by_feature_and_sample_and_an_entry_whose_gradients_are_both_zero_has_relative_error_zero()
    {
        GradientCheckReport report = Check(WeightFactors, InputFactors);

        GradientCheckEntry input = report.Entries[1];
        input.Name.Should().Be(GradientCheckReport.InputName);
        (input.Row, input.Column).Should().Be((2, 1));
        input.Numeric.Should().Be(TrueInputGradient(2, 1));
        input.Analytic.Should().Be(0.75 * TrueInputGradient(2, 1));
        input.RelativeError.Should().Be(0.25);
        input.AbsoluteError.Should().Be(0.25 * Math.Abs(TrueInputGradient(2, 1)));
        input.LargestAbsoluteError.Should().Be(input.AbsoluteError, "every other input entry is exact");
        input.Passed.Should().BeFalse();
        report.WorstRelativeError.Should().Be(0.5, "the weight's 0.5 is the largest over both entries");

        // With every gradient right the worst entry is the first, x₀₀, where both gradients are 0: relative error 0.
        GradientCheckReport exact = Check(Exact, Exact);
        exact.Entries[1].Should().Be(new GradientCheckEntry("input", 0, 0, 0, 0, 0, 0, 0, true));
        exact.WorstRelativeError.Should().Be(0);
        exact.Passed.Should().BeTrue();
    }

    [Fact]
    public void An_entry_passes_when_its_error_is_at_most_atol_plus_rtol_times_the_numeric_gradient()
    {
        // Errors 0.25·|n| and 0.5·|n| against rtol·|n| with atol = 0: rtol = 0.5 passes everything, the largest errors
        // exactly at the bound; and so does x₀₀, whose error 0 equals its bound 0.
        GradientCheckReport atTheEdge = Check(WeightFactors, InputFactors, atol: 0, rtol: 0.5);
        atTheEdge.Entries.Select(e => e.Passed).Should().Equal(true, true);
        atTheEdge.Passed.Should().BeTrue();

        // Just below, the weight's entries of relative error 0.5 fail; the input's 0.25 still passes.
        GradientCheckReport below = Check(WeightFactors, InputFactors, atol: 0, rtol: 0.4375);
        below.Entries.Select(e => e.Passed).Should().Equal(false, true);
        below.Passed.Should().BeFalse();

        // Exact gradients meet tolerances of zero.
        Check(Exact, Exact, atol: 0, rtol: 0).Passed.Should().BeTrue();
    }

    [Fact]
    public void A_parameter_with_two_failing_entries_fails()
    {
        GradientCheckEntry w = Check([0.5, 1, 1, 0.5], Exact).Entries[0];
        w.Passed.Should().BeFalse();
        w.Row.Should().Be(0);
    }

    [Fact]
    public void Afterwards_the_network_holds_the_backward_pass_of_the_unperturbed_parameters_input_gradient_included()
    {
        (Sequential net, MisScaledProduct layer) = Net(WeightFactors, InputFactors);

        GradientCheck.Run(net, X, T, MseLoss.Sse(), Step);

        double[] expectedInput = Enumerable.Range(0, 8).Select(k => InputFactors[k] * TrueInputGradient(k % 4, k / 4)).ToArray();
        layer.InputGradient.Should().NotBeNull("the check ends with a backward pass, after its last forward pass");
        layer.InputGradient!.ToColumnMajorArray().Should().Equal(expectedInput);
        layer.Weight.GradientData.ToArray().Should().Equal(Enumerable.Range(0, 4).Select(i => WeightFactors[i] * TrueWeightGradient(i)));
        layer.Weight.Data.ToArray().Should().Equal(W);
        net.Output!.ToColumnMajorArray().Should().Equal(Enumerable.Range(0, 8).Select(k => W[k % 4] * X[k % 4, k / 4]));
    }

    [Fact]
    public void A_network_without_parameters_reports_the_input_alone()
    {
        GradientCheckReport report = GradientCheck.Run(new Sequential(new Tanh()), X, T, new MseLoss());

        report.Entries.Select(e => e.Name).Should().Equal("input");
        report.Passed.Should().BeTrue(report.ToString());
    }

    [Fact]
    public void A_null_input_target_or_loss_is_refused_by_name_before_the_step_is_checked()
    {
        Sequential net = Net(Exact, Exact).Network;

        // A step of 0 would be refused next: the null must be found first.
        FluentActions.Invoking(() => GradientCheck.Run(net, null!, T, MseLoss.Sse(), step: 0))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("inputs");
        FluentActions.Invoking(() => GradientCheck.Run(net, X, null!, MseLoss.Sse(), step: 0))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("targets");
        FluentActions.Invoking(() => GradientCheck.Run(net, X, T, null!, step: 0))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("loss");
    }

    [Theory]
    [InlineData("absoluteTolerance")]
    [InlineData("relativeTolerance")]
    public void A_tolerance_that_is_not_a_number_is_refused_with_the_whole_message(string name)
    {
        Sequential net = Net(Exact, Exact).Network;
        double atol = name == "absoluteTolerance" ? double.NaN : 1e-5, rtol = name == "relativeTolerance" ? double.NaN : 1e-3;

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.Run(net, X, T, MseLoss.Sse(), Step, atol, rtol));

        e.ParamName.Should().Be(name);
        e.Message.Should().Be(new ArgumentOutOfRangeException(name, double.NaN, $"'{name}' must be non-negative and finite; NaN was given.").Message);
    }

    /// <summary>y = w ⊙ x per feature; its backward pass reports ∂L/∂wᵢ and ∂L/∂xₖ times the given factors.</summary>
    private sealed class MisScaledProduct : Layer
    {
        private readonly double[] _weightFactors, _inputFactors;
        private readonly Parameter[] _parameters;

        public MisScaledProduct(double[] w, double[] weightFactors, double[] inputFactors)
        {
            Weight = new Parameter("weight", w.Length);
            w.CopyTo(Weight.Data);
            _weightFactors = weightFactors;
            _inputFactors = inputFactors;
            _parameters = [Weight];
        }

        public Parameter Weight { get; }

        public override IReadOnlyList<Parameter> Parameters => _parameters;

        public override int? InputSize => Weight.Rows;

        public override int? OutputSize => Weight.Rows;

        public override string ToString() => $"MisScaledProduct({Weight.Rows})";

        protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
        {
            ReadOnlySpan<double> w = Weight.Data;
            for (int k = 0; k < rows * columns; k++)
            {
                y[k] = w[k % rows] * x[k];
            }
        }

        protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
        {
            Span<double> dw = Weight.GradientData;
            ReadOnlySpan<double> w = Weight.Data;
            for (int i = 0; i < rows; i++)
            {
                double sum = 0;
                for (int j = 0; j < columns; j++)
                {
                    sum += dy[(j * rows) + i] * x[(j * rows) + i];
                }

                dw[i] = _weightFactors[i] * sum;
            }

            if (!dx.IsEmpty)
            {
                for (int k = 0; k < rows * columns; k++)
                {
                    dx[k] = _inputFactors[k] * w[k % rows] * dy[k];
                }
            }
        }
    }
}
