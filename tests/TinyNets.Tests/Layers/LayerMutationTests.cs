using System.Numerics;
using MathNet.Numerics.LinearAlgebra.Double;

namespace TinyNets.Tests.Layers;

/// <summary>
/// A layer's pass after a forward pass that threw (a layer of one's own may refuse an input in ForwardCore), the
/// generator a Dropout layer draws from once it runs on its own again, Dropout's draw exactly at 1 − p, and Dropout as
/// the first layer of a backward pass that does not want ∂L/∂input.
/// </summary>
public class LayerMutationTests
{
    private const string TornMessage =
        "Refusing(): its pass changed while it was being used. A layer, like the Sequential that holds it, is a single-threaded object: use one per thread, or a Predictor to serve from several threads.";

    private static DenseMatrix Uniform(int rows, int columns, ulong seed, double low, double high)
    {
        var random = new SeededRandom(seed);
        return DenseMatrix.Create(rows, columns, (_, _) => random.NextUniform(low, high));
    }

    // The forward pass that throws has already made the output workspace of its input's shape the layer's Output, while
    // Input is still the last good pass's: a gradient of the new output's shape passes the shape check, and the layer
    // must refuse it rather than hand BackwardCore an input and an output of different passes.
    [Theory]
    [InlineData(3, 3)] // other rows, same columns
    [InlineData(2, 5)] // same rows, other columns
    public void After_a_forward_pass_that_threw_a_backward_pass_of_the_new_shape_is_refused(int rows, int columns)
    {
        var layer = new Refusing();
        layer.Forward(Matrix<double>.Build.Dense(2, 3, 1.0));
        layer.Refuse = true;
        Action failing = () => layer.Forward(Matrix<double>.Build.Dense(rows, columns, 1.0));
        failing.Should().Throw<InvalidOperationException>().WithMessage("refused");
        layer.Output!.RowCount.Should().Be(rows, "the test needs the output of the failed pass's shape");
        layer.Output.ColumnCount.Should().Be(columns);

        Action backward = () => layer.Backward(Matrix<double>.Build.Dense(rows, columns, 1.0));

        backward.Should().Throw<InvalidOperationException>().WithMessage(TornMessage);
        layer.BackwardCalls.Should().Be(0);
    }

    [Fact]
    public void After_a_forward_pass_that_threw_a_good_pass_can_be_run_forward_and_backward()
    {
        var layer = new Refusing();
        layer.Forward(Matrix<double>.Build.Dense(2, 3, 1.0));
        layer.Refuse = true;
        Action failing = () => layer.Forward(Matrix<double>.Build.Dense(3, 3, 1.0));
        failing.Should().Throw<InvalidOperationException>();
        layer.Refuse = false;

        layer.Forward(Matrix<double>.Build.Dense(3, 3, 1.0));
        layer.Backward(Matrix<double>.Build.Dense(3, 3, 2.0)).ToColumnMajorArray().Should().Equal(Enumerable.Repeat(2.0, 9));
        layer.BackwardCalls.Should().Be(1);
    }

    [Fact]
    public void A_Dropout_layer_run_on_its_own_after_a_network_pass_draws_from_its_own_generator_again()
    {
        DenseMatrix x = Uniform(4, 10, 1, 0.5, 2);
        var dropout = new Dropout(0.5);
        var net = new Sequential(dropout) { Generator = new SeededRandom(77) };
        net.Forward(x);
        ulong[] networkState = net.Generator.GetState();

        dropout.Generator = new SeededRandom(5);
        Matrix<double> y = dropout.Forward(x);

        var own = new SeededRandom(5);
        DenseMatrix expected = DenseMatrix.Create(4, 10, (_, _) => 0); // filled in column-major order, as the layer draws
        for (int j = 0; j < 10; j++)
        {
            for (int i = 0; i < 4; i++)
            {
                expected[i, j] = x[i, j] * (own.NextDouble() < 0.5 ? 2.0 : 0.0);
            }
        }

        y.Should().Be(expected);
        net.Generator.GetState().Should().Equal(networkState, "the layer on its own draws nothing from the network's generator");
    }

    // PyTorch keeps an element when its uniform draw u on [0, 1) satisfies u < 1 − p (bernoulli(1 − p)); a generator
    // placed so that its first draw is exactly 1 − p, or the double just below it, shows the boundary.
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.25)]
    public void An_element_is_kept_only_when_its_draw_is_below_1_minus_p(double p)
    {
        double keep = 1 - p;
        double below = keep - Math.Pow(2, -53);
        FirstDrawIs(keep).NextDouble().Should().Be(keep, "the generator is placed so");
        FirstDrawIs(below).NextDouble().Should().Be(below, "the generator is placed so");
        Matrix<double> x = Matrix<double>.Build.Dense(1, 1, 3.0);

        var atKeep = new Dropout(p) { Generator = FirstDrawIs(keep) };
        var belowKeep = new Dropout(p) { Generator = FirstDrawIs(below) };

        atKeep.Forward(x)[0, 0].Should().Be(0.0);
        belowKeep.Forward(x)[0, 0].Should().Be(3.0 * (1 / keep));
    }

    // Dropout first and Backward told not to compute ∂L/∂input: the layer gets nothing to write and computes nothing,
    // in training mode (noise) and in eval mode (identity); the Linear layer after it gets ∂L/∂W = dy·yᵀ, y = x ⊙ noise.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void As_the_first_layer_a_backward_without_the_input_gradient_computes_the_later_layers_only(bool training)
    {
        var net = new Sequential(new Dropout(0.5), new Linear(2, 1, bias: false)) { Generator = new SeededRandom(3) };
        net.SetParameter("1.weight", new[,] { { 1.0, 1.0 } });
        net.Train(training);
        DenseMatrix x = Uniform(2, 6, 1, 0.5, 2);
        DenseMatrix dy = Uniform(1, 6, 2, -1, 1);

        var draws = new SeededRandom(3);
        DenseMatrix y = DenseMatrix.Create(2, 6, (_, _) => 0);
        for (int j = 0; j < 6; j++)
        {
            for (int i = 0; i < 2; i++)
            {
                y[i, j] = training ? x[i, j] * (draws.NextDouble() < 0.5 ? 2.0 : 0.0) : x[i, j];
            }
        }

        net.Forward(x);
        net.Backward(dy, computeInputGradient: false).Should().BeNull();

        Matrix<double> gradient = net.GetGradient("1.weight");
        for (int i = 0; i < 2; i++)
        {
            double sum = 0;
            for (int j = 0; j < 6; j++)
            {
                sum += dy[0, j] * y[i, j];
            }

            Exact(gradient[0, i], sum);
        }

        net[0].InputGradient.Should().BeNull();
    }

    /// <summary>A generator whose first <see cref="SeededRandom.NextDouble"/> is <paramref name="u"/>, a multiple of
    /// 2⁻⁵³ in [0, 1): xoshiro256** returns rotl(s₁·5, 7)·9 and NextDouble its top 53 bits·2⁻⁵³, so s₁ is solved for
    /// with the inverses of 9 and 5 modulo 2⁶⁴.</summary>
    private static SeededRandom FirstDrawIs(double u)
    {
        ulong result = (ulong)(u * Math.Pow(2, 53)) << 11;
        ulong s1 = BitOperations.RotateRight(result * Inverse(9), 7) * Inverse(5);
        return SeededRandom.FromState([1, s1, 0, 0]);
    }

    // The inverse of an odd number modulo 2⁶⁴ by Newton's iteration (each step doubles the correct low bits).
    private static ulong Inverse(ulong a)
    {
        ulong x = a;
        for (int i = 0; i < 6; i++)
        {
            x *= 2 - (a * x);
        }

        return x;
    }

    /// <summary>A shape-preserving layer of one's own that refuses its input when told to (y = x, ∂L/∂x = ∂L/∂y).</summary>
    private sealed class Refusing : Layer
    {
        public bool Refuse { get; set; }

        public int BackwardCalls { get; private set; }

        public override string ToString() => "Refusing()";

        protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
        {
            if (Refuse)
            {
                throw new InvalidOperationException("refused");
            }

            x.CopyTo(y);
        }

        protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
        {
            BackwardCalls++;
            if (!dx.IsEmpty)
            {
                dy.CopyTo(dx);
            }
        }
    }
}
