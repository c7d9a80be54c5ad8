using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Inference;
using TinyNets.Serialization;

namespace TinyNets.Tests.Layers;

/// <summary>
/// Dropout against closed forms: the kept fraction and the mean within binomial bounds, the values x·0 and x/(1 − p),
/// the gradient with the forward pass's noise, eval mode and the special cases p = 0 and p = 1 as PyTorch defines them.
/// </summary>
public class DropoutTests
{
    private static DenseMatrix Uniform(int rows, int columns, ulong seed, double low, double high)
    {
        var random = new SeededRandom(seed);
        return DenseMatrix.Create(rows, columns, (_, _) => random.NextUniform(low, high));
    }

    private static long[] Bits(Matrix<double> m) => m.ToColumnMajorArray().Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_probability_outside_0_to_1_is_refused_naming_p(double p)
    {
        Action act = () => _ = new Dropout(p);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage($"A dropout probability p with 0 <= p <= 1 was expected; {p.ToString(System.Globalization.CultureInfo.InvariantCulture)} was given.*")
            .Which.ParamName.Should().Be("p");
    }

    [Fact]
    public void Defaults_are_PyTorchs()
    {
        var dropout = new Dropout();

        dropout.P.Should().Be(0.5);
        dropout.Training.Should().BeTrue();
        dropout.ToString().Should().Be("Dropout(p=0.5)");
        dropout.Parameters.Should().BeEmpty();
    }

    // n Bernoulli(q) draws: the count kept has mean n·q and standard deviation √(n·q·(1 − q)); 6σ fails by chance with
    // probability about 2e-9. Every value is exactly 0 or x·(1/q).
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void The_fraction_kept_is_within_a_binomial_bound_of_1_minus_p(double p)
    {
        var dropout = new Dropout(p) { Generator = new SeededRandom(11) };
        DenseMatrix x = Uniform(100, 1000, 3, 0.5, 1.5);
        double q = 1 - p, scale = 1 / q;

        Matrix<double> y = dropout.Forward(x);

        int n = x.RowCount * x.ColumnCount, kept = 0;
        for (int j = 0; j < x.ColumnCount; j++)
        {
            for (int i = 0; i < x.RowCount; i++)
            {
                if (y[i, j] != 0)
                {
                    kept++;
                    y[i, j].Should().Be(x[i, j] * scale);
                }
            }
        }

        double sigma = Math.Sqrt(n * q * (1 - q));
        Math.Abs(kept - (n * q)).Should().BeLessThan(6 * sigma, $"{kept} of {n} kept where {n * q} are expected");
    }

    // E[y] = x·q·(1/q) = x; Var(Σy) = Σ x²·(1 − q)/q: the means of y and x differ by less than 6 standard deviations.
    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void The_mean_of_y_equals_the_mean_of_x_in_expectation(double p)
    {
        var dropout = new Dropout(p) { Generator = new SeededRandom(5) };
        DenseMatrix x = Uniform(50, 2000, 8, -1, 3);
        double q = 1 - p;
        int n = x.RowCount * x.ColumnCount;

        Matrix<double> y = dropout.Forward(x);

        double sigma = Math.Sqrt(x.Enumerate().Sum(v => v * v) * (1 - q) / q) / n;
        Math.Abs(y.Enumerate().Average() - x.Enumerate().Average()).Should().BeLessThan(6 * sigma);
        y.Enumerate().Average().Should().NotBe(x.Enumerate().Average(), "the values are not simply copied");
    }

    [Fact]
    public void The_gradient_uses_the_forward_passes_noise()
    {
        var dropout = new Dropout(0.4) { Generator = new SeededRandom(2) };
        DenseMatrix x = Uniform(7, 9, 1, 0.5, 2); // no zero: the output tells the noise
        DenseMatrix dy = Uniform(7, 9, 4, -1, 1);

        Matrix<double> y = dropout.Forward(x).Clone();
        Matrix<double> dx = dropout.Backward(dy);

        for (int j = 0; j < 9; j++)
        {
            for (int i = 0; i < 7; i++)
            {
                double noise = y[i, j] == 0 ? 0 : 1 / 0.6;
                y[i, j].Should().Be(x[i, j] * noise);
                dx[i, j].Should().Be(dy[i, j] * noise);
            }
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_mask_and_the_generator_moves_on()
    {
        DenseMatrix x = Uniform(6, 40, 1, 0.5, 2);
        var a = new Dropout(0.5) { Generator = new SeededRandom(9) };
        var b = new Dropout(0.5) { Generator = new SeededRandom(9) };

        long[] first = Bits(a.Forward(x));
        Bits(b.Forward(x)).Should().Equal(first);
        Bits(a.Forward(x)).Should().NotEqual(first, "the next pass draws a new mask");
    }

    [Fact]
    public void A_new_layer_on_its_own_draws_from_seed_0()
    {
        DenseMatrix x = Uniform(6, 40, 1, 0.5, 2);

        Bits(new Dropout(0.5).Forward(x)).Should().Equal(Bits(new Dropout(0.5) { Generator = new SeededRandom(0) }.Forward(x)));
    }

    [Fact]
    public void Eval_mode_is_the_identity_and_draws_nothing()
    {
        var generator = new SeededRandom(3);
        ulong[] before = generator.GetState();
        var dropout = new Dropout(0.5) { Training = false, Generator = generator };
        DenseMatrix x = Uniform(4, 6, 1, -2, 2), dy = Uniform(4, 6, 2, -1, 1);

        Bits(dropout.Forward(x)).Should().Equal(Bits(x));
        Bits(dropout.Backward(dy)).Should().Equal(Bits(dy));
        generator.GetState().Should().Equal(before);
    }

    [Fact]
    public void P_0_is_the_identity_and_draws_nothing()
    {
        var generator = new SeededRandom(3);
        ulong[] before = generator.GetState();
        var dropout = new Dropout(0) { Generator = generator };
        DenseMatrix x = Uniform(4, 6, 1, -2, 2), dy = Uniform(4, 6, 2, -1, 1);

        Bits(dropout.Forward(x)).Should().Equal(Bits(x));
        Bits(dropout.Backward(dy)).Should().Equal(Bits(dy));
        generator.GetState().Should().Equal(before);
    }

    // PyTorch: p = 1 multiplies by zero (signed zeros included) and its gradient is zero.
    [Fact]
    public void P_1_gives_x_times_0_and_a_zero_gradient()
    {
        var dropout = new Dropout(1);
        DenseMatrix x = Uniform(4, 6, 1, -2, 2), dy = Uniform(4, 6, 2, -1, 1);

        Bits(dropout.Forward(x)).Should().Equal(Bits(x.Map(v => v * 0.0)));
        Bits(dropout.Backward(dy)).Should().Equal(Bits(dy.Map(v => v * 0.0)));
    }

    [Fact]
    public void The_mode_of_the_forward_pass_decides_the_backward_pass()
    {
        var dropout = new Dropout(0.5) { Generator = new SeededRandom(1) };
        DenseMatrix x = Uniform(5, 20, 1, 0.5, 2), dy = Uniform(5, 20, 2, -1, 1);

        Matrix<double> y = dropout.Forward(x).Clone();
        dropout.Training = false;
        Matrix<double> dx = dropout.Backward(dy);

        dx.Should().Be(DenseMatrix.Create(5, 20, (i, j) => dy[i, j] * (y[i, j] == 0 ? 0 : 2)));
    }

    [Fact]
    public void A_network_is_in_training_mode_until_Eval_and_propagates_its_mode()
    {
        var dropout = new Dropout(0.3);
        var net = new Sequential(new Linear(3, 4), dropout, new ReLU());

        net.Training.Should().BeTrue();
        net.Eval().Should().BeSameAs(net);
        net.Training.Should().BeFalse();
        dropout.Training.Should().BeFalse();
        net.Train().Should().BeSameAs(net);
        dropout.Training.Should().BeTrue();
        net.Train(false);
        dropout.Training.Should().BeFalse();
    }

    [Fact]
    public void Initialize_draws_the_same_weights_with_or_without_Dropout()
    {
        var plain = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2)).Initialize(21);
        var dropped = new Sequential(new Linear(3, 4), new Tanh(), new Dropout(0.5), new Linear(4, 2)).Initialize(21);

        Bits(dropped.GetParameter("0.weight").Value).Should().Equal(Bits(plain.GetParameter("0.weight").Value));
        Bits(dropped.GetParameter("3.weight").Value).Should().Equal(Bits(plain.GetParameter("2.weight").Value));
        Bits(dropped.GetParameter("3.bias").Value).Should().Equal(Bits(plain.GetParameter("2.bias").Value));
    }

    [Fact]
    public void A_network_draws_from_its_own_generator_and_repeats_with_the_same_seed()
    {
        var dropout = new Dropout(0.5);
        ulong[] layerState = dropout.Generator.GetState();
        var net = new Sequential(new Linear(3, 8), dropout).Initialize(4);
        var twin = new Sequential(new Linear(3, 8), new Dropout(0.5)).Initialize(4);
        DenseMatrix x = Uniform(3, 30, 1, -1, 1);

        long[] first = Bits(net.Forward(x));
        Bits(twin.Forward(x)).Should().Equal(first, "Initialize(seed) seeds the masks too");
        dropout.Generator.GetState().Should().Equal(layerState, "in a network the layer draws from the network's generator");

        net.Generator = new SeededRandom(77);
        long[] reseeded = Bits(net.Forward(x));
        net.Generator = new SeededRandom(77);
        Bits(net.Forward(x)).Should().Equal(reseeded);
        reseeded.Should().NotEqual(first);
    }

    [Fact]
    public void Setting_a_null_generator_is_refused()
    {
        Action onLayer = () => new Dropout().Generator = null!;
        Action onNetwork = () => new Sequential(new Dropout()).Generator = null!;

        onLayer.Should().Throw<ArgumentNullException>();
        onNetwork.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void A_network_with_Dropout_does_not_take_the_single_sample_path()
    {
        var net = new Sequential(new Linear(3, 4), new Dropout(0.5), new Linear(4, 1)).Initialize(1);
        Vector<double> sample = Vector<double>.Build.Dense([0.5, -1, 2]);

        net.Forward(sample);
        net.Forward(sample);

        net.SingleSamplePasses.Should().Be(0);
    }

    [Fact]
    public void A_predictor_and_ModelBundle_Predict_run_eval_mode_whatever_the_mode_and_change_nothing()
    {
        var net = new Sequential(new Linear(3, 16), new ReLU(), new Dropout(0.5), new Linear(16, 2)).Initialize(6);
        DenseMatrix x = Uniform(3, 25, 1, -1, 1);
        Matrix<double> expected = net.Eval().Forward(x).Clone();
        net.Train();
        Matrix<double> trained = net.Forward(x).Clone();
        ulong[] state = net.Generator.GetState();
        long[] dropoutOutput = Bits(net[2].Output!);

        Matrix<double> predicted = net.ToPredictor().Predict(x);
        Bits(net[2].Output!).Should().Equal(dropoutOutput, "a predictor leaves the network's pass alone");
        Matrix<double> bundled = new ModelBundle(net).Predict(x);

        Bits(predicted).Should().Equal(Bits(expected));
        Bits(bundled).Should().Equal(Bits(expected));
        Bits(trained).Should().NotEqual(Bits(expected), "training mode drops");
        net.Training.Should().BeTrue();
        ((Dropout)net[2]).Training.Should().BeTrue();
        net.Generator.GetState().Should().Equal(state, "inference draws nothing");
        Bits(net.ToPredictor().Predict(x)).Should().Equal(Bits(expected));
    }
}
