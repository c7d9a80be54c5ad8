using System.Globalization;
using System.IO;
using System.Threading;
using CsCheck;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Serialization;
using TinyNets.Serialization.Onnx;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TinyNets.Tests.Properties;

/// <summary>
/// Properties of whole networks over random architectures (1–4 Linear layers with or without bias, each followed by any
/// activation or none), batch sizes, losses and seeds, drawn by CsCheck (<see cref="RandomNets"/>). Every run draws new
/// cases; a failing case is shrunk to a small one and CsCheck's exception prints it as the C# that builds it, with the
/// seed that reproduces the run (pass it to <see cref="RandomNets.Sample"/> or set CsCheck_Seed). Expected values are
/// central finite differences, the network's own other path, or the network before saving — never printed numbers.
/// </summary>
public class RandomNetPropertyTests
{
    private const double U = 1.0 / (1L << 53);

    private readonly ITestOutputHelper _output;

    public RandomNetPropertyTests(ITestOutputHelper output) => _output = output;

    // ================================================================== 1. gradients against central differences

    private const double H = 1e-5;

    // Finite-difference evaluations allowed per case, in multiply-adds (a few ms): large cases check a sample of
    // coordinates of every tensor, small ones every coordinate.
    private const long FiniteDifferenceWork = 12_000_000;

    [Fact]
    public void GradientsOfEveryParameterAndTheInputMatchCentralDifferences()
    {
        var stats = new Counters();
        Gen<NetCase> cases = RandomNets.Cases(RandomNets.Widths(41, 220, 6), RandomNets.Batches(150, 600, 6), maxWork: 2_000_000);
        RandomNets.Sample(cases, c => CheckGradients(c, stats), iterations: 40);

        _output.WriteLine($"{stats.Cases} cases, {stats.BlockedCases} with a layer on the blocked kernel; {stats.Checked} coordinates checked, {stats.Skipped} skipped beside a kink; worst difference {stats.WorstShare:P1} of the tolerance");
        _output.WriteLine(stats.Kinds());
        _output.WriteLine($"{stats.SoftplusLinear} Softplus inputs on the linear branch (β·x > threshold) in {stats.SoftplusLinearLayers} layers");
        stats.Checked.Should().BeGreaterThan(1000, "the property must check many coordinates");
        stats.SoftplusLayers.Should().BeGreaterThan(0, "some cases must have a Softplus layer");
        stats.LogSoftmaxLayers.Should().BeGreaterThan(0, "some cases must have a LogSoftmax layer");
        (stats.NllClassCases + stats.NllProbabilityCases).Should().BeGreaterThan(0, "some cases must end in NllLoss");
        stats.BlockedCases.Should().BeGreaterThan(0, "some cases must run the blocked GEMM kernel in forward and backward");
    }

    [Fact]
    public void InTrainingMode_DropoutIsXTimesNoise_AndTheGradientsUseTheSameNoise()
    {
        var stats = new Counters();
        // Smaller cases than above (each layer's pass is checked element by element), each with a Dropout after its first layer.
        Gen<NetCase> cases = RandomNets.Cases(RandomNets.Widths(41, 100, 8), RandomNets.Batches(71, 150, 8), maxWork: 500_000)
            .Select(c => c.Loss is LossKind.Bce && c.Layers.Count == 1
                ? c // BceLoss's probabilities come from the last Sigmoid: a Dropout after it would scale them beyond 1
                : c with { Layers = [c.Layers[0] with { DropoutP = c.Layers[0].DropoutP ?? 0.5 }, .. c.Layers.Skip(1)] });
        RandomNets.Sample(cases, c => CheckGradients(c, stats, training: true), iterations: 30);

        _output.WriteLine($"{stats.Cases} cases; {stats.Checked} coordinates checked, {stats.Skipped} skipped beside a kink; {stats.Dropped} of {stats.DropoutElements} Dropout elements zeroed");
        stats.Checked.Should().BeGreaterThan(500, "the property must check many coordinates");
        stats.Dropped.Should().BeGreaterThan(0, "some elements must be dropped");
        stats.Dropped.Should().BeLessThan(stats.DropoutElements, "some elements must be kept");
    }

    /// <summary>
    /// Each Dropout layer of a pass in training mode: y = x ⊙ noise with every noise value 0 or 1/(1 − p) (only 0 for
    /// p = 1), and ∂L/∂x = ∂L/∂y ⊙ the same noise, element by element and bit for bit. Where x = 0 the output does not
    /// tell the noise, and the gradient may use either value.
    /// </summary>
    private static void CheckDropoutPasses(Sequential net, Matrix<double> upstream, NetCase c, Counters stats)
    {
        for (int l = 0; l < net.Count; l++)
        {
            if (net[l] is not Dropout dropout)
            {
                continue;
            }

            double[] kept = dropout.P == 1 ? [0.0] : [0.0, 1 / (1 - dropout.P)];
            Matrix<double> x = dropout.Input!, y = dropout.Output!, dx = dropout.InputGradient!;
            Matrix<double> dy = l + 1 < net.Count ? net[l + 1].InputGradient! : upstream;
            for (int j = 0; j < x.ColumnCount; j++)
            {
                for (int i = 0; i < x.RowCount; i++)
                {
                    double[] noise = kept.Where(s => Same(y[i, j], x[i, j] * s)).ToArray();
                    if (noise.Length == 0 || !noise.Any(s => Same(dx[i, j], dy[i, j] * s)))
                    {
                        throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                            $"Layer {l} ({dropout}) [{i}, {j}]: x = {x[i, j]:R}, y = {y[i, j]:R}, ∂L/∂y = {dy[i, j]:R}, ∂L/∂x = {dx[i, j]:R}; y = x·s and ∂L/∂x = ∂L/∂y·s for one s in {{{string.Join(", ", kept)}}} were expected. Case: {c}"));
                    }

                    Interlocked.Increment(ref stats.DropoutElements);
                    Interlocked.Add(ref stats.Dropped, noise is [0.0] ? 1 : 0);
                }
            }
        }

        static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);
    }

    // In training mode every forward pass starts the network's generator from one seed, so that every pass draws the
    // same dropout masks: L is then a function of the parameters and the input alone, and the finite differences check
    // that Backward uses the masks of the forward pass.
    private static void CheckGradients(NetCase c, Counters stats, bool training = false)
    {
        Sequential net = training ? c.Build().Train() : c.Build();
        var random = new SeededRandom(c.Seed);
        DenseMatrix x = RandomNets.Input(c, random);
        Loss loss = c.CreateLoss();
        Func<Matrix<double>, double> lossOf = RandomNets.LossFunction(c, loss, random, out Func<Matrix<double>, bool[]>? lossKinks);
        Layer[] kinked = net.Where(l => l is ReLU or LeakyReLU or Selu or Softplus).ToArray();

        Matrix<double> Forward()
        {
            net.Generator = new SeededRandom(c.Seed + 2);
            return net.Forward(x);
        }

        Matrix<double> output = Forward();
        bool[]? lossSides = lossKinks?.Invoke(output);
        double value = lossOf(output);
        Matrix<double> upstream = loss.Backward();
        Matrix<double> inputGradient = net.Backward(upstream).Clone();
        if (training)
        {
            CheckDropoutPasses(net, upstream, c, stats);
        }

        double tolerance = AbsoluteTolerance(net, loss, value);
        bool[][] signs = kinked.Select(Signs).ToArray();
        stats.Count(c);
        foreach (Softplus softplus in net.OfType<Softplus>())
        {
            int linear = Signs(softplus).Count(above => above);
            Interlocked.Add(ref stats.SoftplusLinear, linear);
            Interlocked.Add(ref stats.SoftplusLinearLayers, linear > 0 ? 1 : 0);
        }

        // The tensors checked: every parameter, then the input, with the analytic gradient of each.
        var tensors = net.NamedParameters
            .Select(kv => (Name: kv.Key, Values: kv.Value.Data.ToArray(), Gradient: kv.Value.Gradient.ToColumnMajorArray(), Parameter: (Parameter?)kv.Value))
            .Append((Name: "input", Values: x.Values, Gradient: inputGradient.ToColumnMajorArray(), Parameter: null))
            .ToList();
        long total = tensors.Sum(t => (long)t.Values.Length);
        long work = Math.Max(1, c.WorkPerSample * c.Batch);
        long budget = Math.Max(4 * tensors.Count, FiniteDifferenceWork / (2 * work));

        double Evaluate(out bool sameKinks)
        {
            Matrix<double> y = Forward();
            double v = lossOf(y);
            sameKinks = kinked.Select(Signs).Zip(signs, (now, then) => now.AsSpan().SequenceEqual(then)).All(b => b)
                && (lossKinks is null || lossKinks(y).AsSpan().SequenceEqual(lossSides));
            return v;
        }

        // One coordinate θ: (L(θ + h) − L(θ − h)) / (2h), with the step actually taken ((θ + h) − (θ − h) is exact).
        // A coordinate whose step moves a ReLU, LeakyReLU or SELU input across 0, or a Softplus input across its
        // threshold (β·x = threshold, where f and f′ jump by ln(1 + e^(−threshold))/β and 1/(1 + e^threshold)), or a
        // residual of L1, Huber or SmoothL1 across its kink, is skipped: L has a kink there.
        void Check(string name, Span<double> storage, int index, double analytic, string where)
        {
            double original = storage[index], plus = original + H, minus = original - H;
            storage[index] = plus;
            double up = Evaluate(out bool sameUp);
            storage[index] = minus;
            double down = Evaluate(out bool sameDown);
            storage[index] = original;
            if (!sameUp || !sameDown)
            {
                Interlocked.Increment(ref stats.Skipped);
                return;
            }

            double numeric = (up - down) / (plus - minus);
            double allowed = tolerance + (RelativeTolerance * Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
            if (!(Math.Abs(analytic - numeric) <= allowed))
            {
                throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                    $"∂L/∂{name}[{where}] = {analytic:R} by Backward, {numeric:R} by central differences (h = {H}); they differ by {Math.Abs(analytic - numeric):E3}, more than {allowed:E3}. Case: {c}"));
            }

            stats.Observe(Math.Abs(analytic - numeric), allowed);
            Interlocked.Increment(ref stats.Checked);
        }

        var pick = new SeededRandom(c.Seed + 1);
        foreach ((string name, double[] values, double[] gradient, Parameter? parameter) in tensors)
        {
            // Every coordinate of a small net; else a share of the budget for each tensor, at least 4 coordinates.
            int count = total <= budget ? values.Length : (int)Math.Min(values.Length, Math.Max(4, budget * values.Length / total));
            for (int n = 0; n < count; n++)
            {
                int index = count == values.Length ? n : pick.NextInt32(values.Length);
                int rows = parameter?.Rows ?? c.InFeatures;
                string where = string.Create(CultureInfo.InvariantCulture, $"{index % rows}, {index / rows}");
                if (parameter is null)
                {
                    Check(name, x.Values, index, gradient[index], where);
                }
                else
                {
                    Check(name, parameter.Data, index, gradient[index], where);
                }
            }
        }

        Interlocked.Increment(ref stats.Cases);
        if (c.UsesBlockedKernel(c.Batch))
        {
            Interlocked.Increment(ref stats.BlockedCases);
        }
    }

    // The analytic gradient's own rounding and the difference quotient's truncation relative to the gradient: 1e-6
    // is far above both for these nets (h²·|f‴/f′| ≈ 1e-10 · 100) and far below any wrong formula (an error of |g|).
    private const double RelativeTolerance = 1e-6;

    /// <summary>
    /// The absolute part of the tolerance of one difference quotient. Each evaluation of L carries a rounding error η,
    /// so (L(θ+h) − L(θ−h))/(2h) is off by up to η/h, besides the truncation h²/6·|L‴|. To first order η is the sum over
    /// the layers' outputs z of |∂L/∂z|·|error of z|; a Linear output z = W·x + b is off by at most γ(in+1)·(|W|·|x| + |b|)
    /// (γ(n) = n·u/(1 − n·u), u = 2⁻⁵³, for any order of additions, fused or not), an activation's output by a few ulp
    /// of itself (16u·|z|, Softmax (rows+16)·u·|z|), and the loss, a sum of non-negative terms, by (terms+16)·u·L. With
    /// these masses S = Σ|∂L/∂z|·|z or |W||x|+|b||, η ≤ Σ γ·S. The third derivative of L along one coordinate is made of
    /// the same products of weights (|w| ≤ 1/√in), inputs (|x| ≤ 2) and activation derivatives (of order 1), so we take
    /// |L‴| ≤ 100·ΣS, generous for these nets (Softplus's f″ ≤ β/4 ≤ 1 and |f‴| ≤ β²/(6√3) &lt; 1.6 too). LogSoftmax's
    /// outputs are off by (rows+16)·u·|z| as Softmax's (each is (x − m) − ln Σ, two terms of one sign, the sum off by
    /// rows·u). NllLoss's terms −tᵢ·xᵢ have either sign when the net does not end in a LogSoftmax, so its sum is off by
    /// (terms+16)·u·Σ|tᵢ·xᵢ|·factor, which is Σ|∂L/∂x ⊙ x|, instead of a multiple of L. The tolerance is 4·(η/h + h²/6·100·ΣS), four times that bound; with
    /// h = 1e-5 both parts are about 1e-10 to 1e-8 of ΣS, far below the error of a wrong formula.
    /// </summary>
    private static double AbsoluteTolerance(Sequential net, Loss loss, double value)
    {
        Matrix<double> lossGradient = loss.Backward();
        double eta = 0, mass = 0;
        for (int l = 0; l < net.Count; l++)
        {
            Layer layer = net[l];
            Matrix<double> g = l + 1 < net.Count ? net[l + 1].InputGradient! : lossGradient;
            Matrix<double> z = layer.Output!;
            double s;
            double gamma;
            if (layer is Linear linear)
            {
                Matrix<double> magnitude = linear.Weight.Value.PointwiseAbs() * layer.Input!.PointwiseAbs();
                if (linear.Bias is not null)
                {
                    Vector<double> b = linear.Bias.Value.Column(0).PointwiseAbs();
                    for (int j = 0; j < magnitude.ColumnCount; j++)
                    {
                        magnitude.SetColumn(j, magnitude.Column(j) + b);
                    }
                }

                s = g.PointwiseAbs().PointwiseMultiply(magnitude).Enumerate().Sum();
                gamma = Gamma(linear.InFeatures + 1);
            }
            else
            {
                s = g.PointwiseAbs().PointwiseMultiply(z.PointwiseAbs()).Enumerate().Sum();
                gamma = (layer is Softmax or LogSoftmax ? z.RowCount + 16 : 16) * U;
            }

            eta += gamma * s;
            mass += s;
        }

        double terms = loss is NllLoss ? lossGradient.PointwiseAbs().PointwiseMultiply(net[^1].Output!.PointwiseAbs()).Enumerate().Sum() : Math.Abs(value);
        eta += (lossGradient.RowCount * lossGradient.ColumnCount + 16) * U * terms;
        return 4 * ((eta / H) + (H * H / 6 * 100 * mass));
    }

    private static double Gamma(int n) => n * U / (1 - (n * U));

    private static bool[] Signs(Layer layer) => layer.Input!.Enumerate().Select(v => Above(layer, v)).ToArray();

    /// <summary>Which side of the layer's kink x lies on: β·x &gt; threshold for Softplus (its linear branch), x &gt; 0 for
    /// the others.</summary>
    private static bool Above(Layer layer, double x) => layer is Softplus softplus ? softplus.Beta * x > softplus.Threshold : x > 0;

    // ================================================================== 2. the single-sample path against the batch path

    [Fact]
    public void OneSampleAtATimeEqualsTheBatchColumnByColumn()
    {
        var stats = new Counters();
        // Narrow layers and small batches often, so that many batches stay below the blocked kernel; layers of 64 and
        // more (whose single samples take the blocked kernel too) and batches past 192 and 512 sometimes.
        Gen<NetCase> cases = RandomNets.Cases(
            Gen.Frequency((3, Gen.Int[1, 10]), (3, Gen.Int[11, 40]), (1, Gen.Int[41, 150])),
            Gen.Frequency((4, Gen.Int[1, 20]), (3, Gen.Int[21, 70]), (1, Gen.Int[150, 600])),
            maxWork: 1_500_000);
        RandomNets.Sample(cases, c => CheckOneSampleAtATime(c, stats), iterations: 60);

        _output.WriteLine($"{stats.Cases} cases: {stats.ExactCases} bit for bit (no blocked product), {stats.BlockedCases} within the rounding bound; {stats.SingleSamplePasses} single-sample passes");
        _output.WriteLine(stats.Kinds());
        stats.ExactCases.Should().BeGreaterThan(0, "some batches must stay on the plain loops");
        stats.BlockedCases.Should().BeGreaterThan(0, "some batches must take the blocked kernel");
        stats.SingleSamplePasses.Should().BeGreaterThan(0, "some networks must take the single-sample path");
    }

    /// <summary>
    /// The network on the whole batch against the same network fed one column at a time (<c>Forward(Vector)</c>, which
    /// takes the single-sample path where the network allows it, then <c>Backward</c> of that column's upstream
    /// gradient): every layer's output and input gradient, column by column, and the parameter gradients against the
    /// sum of the per-sample ones (added in column order). Each column sees the same operations in the same order when
    /// no product of the batch reaches the blocked kernel (the plain loops work column by column, the single-sample path
    /// repeats them, and the batch's weight gradient is the per-sample products added in column order): then they
    /// agree bit for bit (the gradient sums up to the sign of a zero). A batch whose products take the blocked kernel
    /// (fused multiply-adds, other orders of addition) agrees only to rounding: each layer is checked against the bound
    /// that its two computations' rounding and the difference of their inputs (measured) allow — see the Bound methods.
    /// </summary>
    private static void CheckOneSampleAtATime(NetCase c, Counters stats)
    {
        Sequential batch = c.Build(), single = c.Build();
        var random = new SeededRandom(c.Seed);
        DenseMatrix x = RandomNets.Input(c, random);
        DenseMatrix upstream = RandomNets.Uniform(random, c.OutFeatures, c.Batch, -1, 1);
        int n = c.Batch, count = batch.Count;

        batch.Forward(x);
        batch.Backward(upstream);
        Matrix<double>[] inputA = batch.Select(l => l.Input!.Clone()).ToArray();
        Matrix<double>[] outputA = batch.Select(l => l.Output!.Clone()).ToArray();
        Matrix<double>[] gradientA = batch.Select(l => l.InputGradient!.Clone()).ToArray();

        // The same values from one column at a time, gathered into matrices of the batch's shape.
        Matrix<double>[] inputB = inputA.Select(m => (Matrix<double>)new DenseMatrix(m.RowCount, n)).ToArray();
        Matrix<double>[] outputB = outputA.Select(m => (Matrix<double>)new DenseMatrix(m.RowCount, n)).ToArray();
        Matrix<double>[] gradientB = gradientA.Select(m => (Matrix<double>)new DenseMatrix(m.RowCount, n)).ToArray();
        Matrix<double>[] sums = single.NamedParameters.Select(p => (Matrix<double>)new DenseMatrix(p.Value.Rows, p.Value.Columns)).ToArray();

        // A first pass of one sample, so that every column below may take the single-sample path.
        single.Forward(x.Column(0));
        long passes = single.SingleSamplePasses;
        for (int j = 0; j < n; j++)
        {
            single.Forward(x.Column(j));
            single.Backward(DenseMatrix.OfColumnMajor(c.OutFeatures, 1, upstream.Column(j).ToArray()));
            for (int l = 0; l < count; l++)
            {
                inputB[l].SetColumn(j, single[l].Input!.Column(0));
                outputB[l].SetColumn(j, single[l].Output!.Column(0));
                gradientB[l].SetColumn(j, single[l].InputGradient!.Column(0));
            }

            for (int p = 0; p < sums.Length; p++)
            {
                // Added to a matrix that starts at +0, in column order, as the batch's loops do.
                Matrix<double> g = single.NamedParameters[p].Value.Gradient;
                for (int k = 0; k < g.ColumnCount; k++)
                {
                    for (int i = 0; i < g.RowCount; i++)
                    {
                        sums[p][i, k] += g[i, k];
                    }
                }
            }
        }

        // Softmax and LogSoftmax are layers over a column, not element-wise activations, and Dropout draws: the path does not take them.
        bool eligible = c.Layers.All(s => s.Activation is not (ActivationKind.Softmax or ActivationKind.LogSoftmax) && s.DropoutP is null)
            && c.LinearShapes().All(s => (long)s.In * s.Out < TinyNets.Internal.Kernels.GemmWork);
        (single.SingleSamplePasses - passes).Should().Be(eligible ? n : 0, $"the single-sample path is taken exactly when every layer allows it; case: {c}");
        Interlocked.Add(ref stats.SingleSamplePasses, single.SingleSamplePasses - passes);

        bool exact = !c.UsesBlockedKernel(n);
        for (int l = 0; l < count; l++)
        {
            Layer layer = batch[l];
            Matrix<double> upstreamA = l + 1 < count ? gradientA[l + 1] : upstream;
            Matrix<double> upstreamB = l + 1 < count ? gradientB[l + 1] : upstream;
            string what = $"layer {l} ({layer})";
            if (exact)
            {
                SameBits(outputB[l], outputA[l], $"one sample at a time against the batch (no blocked product), {what}: output", c);
                SameBits(gradientB[l], gradientA[l], $"one sample at a time against the batch (no blocked product), {what}: input gradient", c);
            }
            else
            {
                AssertWithin(outputB[l], outputA[l], ForwardBound(layer, inputA[l], inputB[l], outputA[l], outputB[l]), $"{what}: output", c);
                AssertWithin(gradientB[l], gradientA[l],
                    BackwardBound(layer, inputA[l], inputB[l], outputA[l], outputB[l], upstreamA, upstreamB, gradientA[l], gradientB[l]),
                    $"{what}: input gradient", c);
            }

            if (layer is Linear linear)
            {
                int p = batch.NamedParameters.Select((kv, i) => (kv, i)).First(t => ReferenceEquals(t.kv.Value, linear.Weight)).i;
                Matrix<double> weightA = linear.Weight.Gradient;
                if (exact)
                {
                    AssertEqual(sums[p], weightA, $"{what}: weight gradient", c);
                }
                else
                {
                    // Σⱼ δⱼ·xⱼᵀ both ways: the difference of the factors, plus each sum's rounding (n + 1 roundings).
                    Matrix<double> dyA = upstreamA.PointwiseAbs(), dyB = upstreamB.PointwiseAbs(), xA = inputA[l].PointwiseAbs(), xB = inputB[l].PointwiseAbs();
                    Matrix<double> bound = ((upstreamA - upstreamB).PointwiseAbs() * xA.Transpose())
                        + (dyB * (inputA[l] - inputB[l]).PointwiseAbs().Transpose())
                        + (Gamma(n + 1) * ((dyA * xA.Transpose()) + (dyB * xB.Transpose()))) + Tiny;
                    AssertWithin(sums[p], weightA, bound, $"{what}: weight gradient", c);
                }

                if (linear.Bias is not null)
                {
                    Matrix<double> biasA = linear.Bias.Gradient;
                    if (exact)
                    {
                        AssertEqual(sums[p + 1], biasA, $"{what}: bias gradient", c);
                    }
                    else
                    {
                        Matrix<double> bound = DenseMatrix.Create(biasA.RowCount, 1, (i, _) => Enumerable.Range(0, n).Sum(j =>
                            Math.Abs(upstreamA[i, j] - upstreamB[i, j]) + (Gamma(n) * (Math.Abs(upstreamA[i, j]) + Math.Abs(upstreamB[i, j])))) + Tiny);
                        AssertWithin(sums[p + 1], biasA, bound, $"{what}: bias gradient", c);
                    }
                }
            }
        }

        Interlocked.Increment(ref stats.Cases);
        Interlocked.Increment(ref exact ? ref stats.ExactCases : ref stats.BlockedCases);
        stats.Count(c);
    }

    // Below the smallest normal double relative bounds fail; this covers any subnormal difference.
    private const double Tiny = 1e-300;

    // A few ulp: each element-wise activation's error bound relative to its result (Tanh "a few ulp everywhere", the
    // others one libm-grade call and a few operations).
    private const double Ulps = 16 * U;

    /// <summary>
    /// How far two computations of a layer's output may differ, given their inputs xA and xB (the batch's and the single
    /// sample's, measured). Linear: each computes W·x + b to within γ(in+1)·(|W|·|x| + |b|) of the exact value, in any
    /// order of additions, fused or not; exactly, the outputs differ by at most |W|·|xA − xB|. An element-wise
    /// activation: Lipschitz constant L times |xA − xB|, plus the jump of f where the two inputs lie on either side of
    /// it (Softplus's threshold), plus a few ulp of each result. Softmax: its Jacobian diag(y) − y·yᵀ bounds the change
    /// by yᵢ·(|Δxᵢ| + max|Δx|), doubled for the second order, plus (rows + 16) ulp of each result. LogSoftmax: xᵢ minus
    /// ln Σ eˣ, which moves by at most max|Δx|, so yᵢ moves by at most |Δxᵢ| + max|Δx|, plus (rows + 16) ulp of each
    /// result.
    /// </summary>
    private static Matrix<double> ForwardBound(Layer layer, Matrix<double> xA, Matrix<double> xB, Matrix<double> yA, Matrix<double> yB)
    {
        Matrix<double> dx = (xA - xB).PointwiseAbs();
        switch (layer)
        {
            case Linear linear:
            {
                Matrix<double> w = linear.Weight.Value.PointwiseAbs();
                Matrix<double> magnitude = w * (xA.PointwiseAbs() + xB.PointwiseAbs());
                if (linear.Bias is not null)
                {
                    Vector<double> b = linear.Bias.Value.Column(0).PointwiseAbs() * 2;
                    for (int j = 0; j < magnitude.ColumnCount; j++)
                    {
                        magnitude.SetColumn(j, magnitude.Column(j) + b);
                    }
                }

                return (w * dx) + (Gamma(linear.InFeatures + 1) * magnitude) + Tiny;
            }

            case Softmax:
                return DenseMatrix.Create(yA.RowCount, yA.ColumnCount, (i, j) =>
                    (2 * Math.Max(yA[i, j], yB[i, j]) * (dx[i, j] + dx.Column(j).Maximum()))
                    + ((yA.RowCount + 16) * U * (Math.Abs(yA[i, j]) + Math.Abs(yB[i, j]))) + Tiny);

            case LogSoftmax:
                return DenseMatrix.Create(yA.RowCount, yA.ColumnCount, (i, j) =>
                    dx[i, j] + dx.Column(j).Maximum()
                    + ((yA.RowCount + 16) * U * (Math.Abs(yA[i, j]) + Math.Abs(yB[i, j]))) + Tiny);

            default:
                (double lipschitz, _, _, double step) = Derivatives(layer);
                return DenseMatrix.Create(xA.RowCount, xA.ColumnCount, (i, j) =>
                    (lipschitz * dx[i, j]) + (Above(layer, xA[i, j]) != Above(layer, xB[i, j]) ? step : 0)
                    + (Ulps * (Math.Abs(yA[i, j]) + Math.Abs(yB[i, j]))) + Tiny);
        }
    }

    /// <summary>
    /// How far two computations of a layer's input gradient may differ, given each one's input, output and upstream
    /// gradient δ (measured). Linear: Wᵀ·δ to within γ(out)·|W|ᵀ·|δ| each, and |W|ᵀ·|δA − δB| apart exactly. An
    /// element-wise activation: δ ⊙ f′(x) moves by max|f′|·|ΔΔ| + |δ|·(max|f″|·|Δx| + the jump of f′ where the two inputs
    /// lie on either side of a kink), plus a few ulp. Softmax: y ⊙ (δ − s) with s = δ·y, bounded term by term, doubled.
    /// LogSoftmax: δ − p·Σδ with p = e^y (softmax of x, which moves by up to 2p·(|Δx| + max|Δx|) as in ForwardBound),
    /// bounded term by term and doubled, plus each computation's rounding (p to (rows + 16) ulp, Σδ to γ(rows)·Σ|δ|).
    /// </summary>
    private static Matrix<double> BackwardBound(
        Layer layer, Matrix<double> xA, Matrix<double> xB, Matrix<double> yA, Matrix<double> yB,
        Matrix<double> dyA, Matrix<double> dyB, Matrix<double> dxA, Matrix<double> dxB)
    {
        Matrix<double> ddy = (dyA - dyB).PointwiseAbs();
        switch (layer)
        {
            case Linear linear:
            {
                Matrix<double> wt = linear.Weight.Value.PointwiseAbs().Transpose();
                return (wt * ddy) + (Gamma(linear.OutFeatures) * (wt * (dyA.PointwiseAbs() + dyB.PointwiseAbs()))) + Tiny;
            }

            case Softmax:
                return DenseMatrix.Create(yA.RowCount, yA.ColumnCount, (i, j) =>
                {
                    double ds = 0, s = 0;
                    for (int k = 0; k < yA.RowCount; k++)
                    {
                        double yk = Math.Max(yA[k, j], yB[k, j]), dk = Math.Max(Math.Abs(dyA[k, j]), Math.Abs(dyB[k, j]));
                        ds += (ddy[k, j] * yk) + (dk * Math.Abs(yA[k, j] - yB[k, j])) + (2 * Gamma(yA.RowCount) * dk * yk);
                        s += dk * yk;
                    }

                    double y = Math.Max(yA[i, j], yB[i, j]), d = Math.Max(Math.Abs(dyA[i, j]), Math.Abs(dyB[i, j]));
                    return (2 * ((Math.Abs(yA[i, j] - yB[i, j]) * (d + s)) + (y * (ddy[i, j] + ds)) + (2 * Ulps * y * (d + s)))) + Tiny;
                });

            case LogSoftmax:
            {
                Matrix<double> dx = (xA - xB).PointwiseAbs();
                return DenseMatrix.Create(yA.RowCount, yA.ColumnCount, (i, j) =>
                {
                    // Σ|δ| (the larger of the two at each k) and Σ|ΔΔ| over the column.
                    double magnitude = 0, change = 0;
                    for (int k = 0; k < yA.RowCount; k++)
                    {
                        magnitude += Math.Max(Math.Abs(dyA[k, j]), Math.Abs(dyB[k, j]));
                        change += ddy[k, j];
                    }

                    double p = Math.Max(Math.Exp(yA[i, j]), Math.Exp(yB[i, j]));
                    double dp = 2 * p * (dx[i, j] + dx.Column(j).Maximum());
                    double rounding = ((yA.RowCount + 18) * U * p * magnitude) + (Gamma(yA.RowCount) * p * magnitude);
                    return (2 * (ddy[i, j] + (dp * magnitude) + (p * change)))
                        + (2 * rounding) + (Ulps * (Math.Abs(dxA[i, j]) + Math.Abs(dxB[i, j]))) + Tiny;
                });
            }

            default:
                (double max, double curvature, double jump, _) = Derivatives(layer);
                return DenseMatrix.Create(xA.RowCount, xA.ColumnCount, (i, j) =>
                {
                    double crossing = Above(layer, xA[i, j]) != Above(layer, xB[i, j]) ? jump : 0;
                    return (max * ddy[i, j])
                        + (Math.Abs(dyB[i, j]) * ((curvature * Math.Abs(xA[i, j] - xB[i, j])) + crossing))
                        + (Ulps * (Math.Abs(dxA[i, j]) + Math.Abs(dxB[i, j]) + ((max + 2) * (Math.Abs(dyA[i, j]) + Math.Abs(dyB[i, j])))))
                        + Tiny;
                });
        }
    }

    /// <summary>For an element-wise activation: max |f′| (its Lipschitz constant), max |f″| away from a kink, the jump of
    /// f′ at its kink, and the jump of f itself there (0 if none; the kink is where <see cref="Above"/> changes).</summary>
    private static (double Max, double Curvature, double Jump, double Step) Derivatives(Layer layer) => layer switch
    {
        Identity or Dropout => (1, 0, 0, 0), // Dropout in eval mode: the identity
        ReLU => (1, 0, 1, 0),
        LeakyReLU leaky => (Math.Max(1, Math.Abs(leaky.NegativeSlope)), 0, Math.Abs(1 - leaky.NegativeSlope), 0),
        Sigmoid => (0.25, 0.1, 0, 0),                    // max σ″ = 1/(6√3) ≈ 0.096
        Tanh => (1, 0.77, 0, 0),                         // max |tanh″| = 4/(3√3) ≈ 0.770
        Selu => (Selu.Lambda * Selu.Alpha, Selu.Lambda * Selu.Alpha, Selu.Lambda * Selu.Alpha, 0),  // f″ = λαeˣ for x ≤ 0
        // f′ = σ(β·x) ≤ 1 (1 on the linear branch), f″ = β·σ′(β·x) ≤ β/4; at β·x = T, f′ jumps from σ(T) to 1 and f from
        // ln(1 + e^T)/β to T/β: by σ(−T) and ln(1 + e^(−T))/β.
        Softplus softplus => (1, softplus.Beta / 4, 1 / (1 + Math.Exp(softplus.Threshold)), Math.Log(1 + Math.Exp(-softplus.Threshold)) / softplus.Beta),
        _ => throw new InvalidOperationException($"No derivative bounds for {layer}."),
    };

    private static void AssertEqual(Matrix<double> actual, Matrix<double> expected, string what, NetCase c)
    {
        for (int j = 0; j < expected.ColumnCount; j++)
        {
            for (int i = 0; i < expected.RowCount; i++)
            {
                if (actual[i, j] != expected[i, j])
                {
                    throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                        $"{what} [{i}, {j}]: {actual[i, j]:R} summed over the samples, {expected[i, j]:R} from the batch; equal values were expected (no blocked product). Case: {c}"));
                }
            }
        }
    }

    private static void AssertWithin(Matrix<double> actual, Matrix<double> expected, Matrix<double> bound, string what, NetCase c)
    {
        for (int j = 0; j < expected.ColumnCount; j++)
        {
            for (int i = 0; i < expected.RowCount; i++)
            {
                if (!(Math.Abs(actual[i, j] - expected[i, j]) <= bound[i, j]))
                {
                    throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                        $"{what} [{i}, {j}]: {actual[i, j]:R} one sample at a time, {expected[i, j]:R} in the batch; they differ by {Math.Abs(actual[i, j] - expected[i, j]):E3}, more than rounding allows ({bound[i, j]:E3}). Case: {c}"));
                }
            }
        }
    }

    // ================================================================== 3. one thread against two

    [Fact]
    public void TwoThreadsGiveBitForBitWhatOneGives()
    {
        var stats = new Counters();
        Gen<NetCase> cases = RandomNets.Cases(
            Gen.Frequency((1, Gen.Int[1, 40]), (2, Gen.Int[48, 320])), Gen.Frequency((1, Gen.Int[1, 70]), (2, Gen.Int[100, 600])), maxWork: 16_000_000);
        RandomNets.Sample(cases, c => CheckParallelism(c, stats), iterations: 24);

        _output.WriteLine($"{stats.Cases} cases, {stats.SplitCases} with a product split across two threads");
        _output.WriteLine(stats.Kinds());
        stats.SplitCases.Should().BeGreaterThan(0, "some products must be large enough to be split");
    }

    /// <summary>
    /// Two training steps (forward, loss, backward with ∂L/∂input, SGD) of the same network with MaxDegreeOfParallelism
    /// 1 and 2: Sequential documents the results as bit-identical whatever the value (each element of a split product
    /// sees the same operations in the same order), so every layer's output and input gradient, every parameter
    /// gradient, the loss and the updated parameters must agree to the bit.
    /// </summary>
    private static void CheckParallelism(NetCase c, Counters stats)
    {
        Sequential one = c.Build(), two = c.Build();
        two.MaxDegreeOfParallelism = 2;
        var randomOne = new SeededRandom(c.Seed);
        var randomTwo = new SeededRandom(c.Seed);
        DenseMatrix x = RandomNets.Input(c, randomOne);
        _ = RandomNets.Input(c, randomTwo);
        Loss lossOne = c.CreateLoss(), lossTwo = c.CreateLoss();
        Func<Matrix<double>, double> valueOne = RandomNets.LossFunction(c, lossOne, randomOne);
        Func<Matrix<double>, double> valueTwo = RandomNets.LossFunction(c, lossTwo, randomTwo);
        var sgdOne = new Sgd(one, 0.01);
        var sgdTwo = new Sgd(two, 0.01);
        for (int step = 0; step < 2; step++)
        {
            double a = valueOne(one.Forward(x)), b = valueTwo(two.Forward(x));
            SameBits(DenseMatrix.Create(1, 1, (_, _) => b), DenseMatrix.Create(1, 1, (_, _) => a), $"two threads, step {step}: the loss", c);
            one.Backward(lossOne.Backward());
            two.Backward(lossTwo.Backward());
            for (int l = 0; l < one.Count; l++)
            {
                SameBits(two[l].Output!, one[l].Output!, $"two threads, step {step}, layer {l} ({one[l]}): the output", c);
                SameBits(two[l].InputGradient!, one[l].InputGradient!, $"two threads, step {step}, layer {l} ({one[l]}): the input gradient", c);
            }

            foreach ((string name, Parameter p) in one.NamedParameters)
            {
                SameBits(two.GetParameter(name).Gradient, p.Gradient, $"two threads, step {step}: ∂L/∂{name}", c);
            }

            sgdOne.Step();
            sgdTwo.Step();
            foreach ((string name, Parameter p) in one.NamedParameters)
            {
                SameBits(two.GetParameter(name).Value, p.Value, $"two threads, step {step}: {name} after the update", c);
            }
        }

        Interlocked.Increment(ref stats.Cases);
        stats.Count(c);
        if (c.LinearShapes().Any(s => RandomNets.SplitsAcrossTwoThreads(s.Out, s.In, c.Batch)))
        {
            Interlocked.Increment(ref stats.SplitCases);
        }
    }

    // ================================================================== 4. save and load

    [Fact]
    public void SavingAndLoadingGiveBitIdenticalParametersAndOutputs()
    {
        var stats = new Counters();
        Gen<NetCase> cases = RandomNets.Cases(RandomNets.Widths(41, 130, 8), RandomNets.Batches(71, 200, 8), maxWork: 2_000_000);
        RandomNets.Sample(cases, c => CheckRoundTrips(c, stats), iterations: 40);
        _output.WriteLine(stats.Kinds());
        stats.Cases.Should().Be(40);
        stats.DropoutLayers.Should().BeGreaterThan(0, "some cases must have a Dropout layer");
    }

    private static void CheckRoundTrips(NetCase c, Counters stats)
    {
        Sequential net = c.Build();
        DenseMatrix x = RandomNets.Input(c, new SeededRandom(c.Seed));
        Matrix<double> outputs = net.Forward(x).Clone();

        using (var stream = new MemoryStream())
        {
            net.Save(stream);
            stream.Position = 0;
            AssertSame(ModelFile.Load(stream).Eval(), "model file"); // the file keeps no mode: a loaded network trains
        }

        using (var stream = new MemoryStream())
        {
            // Loaded into the same architecture initialised from another seed: every value must come from the file.
            net.SaveSafetensors(stream, SafetensorsDType.F64);
            stream.Position = 0;
            Sequential other = c.Build(c.Seed + 1);
            other.LoadSafetensors(stream);
            AssertSame(other, "safetensors F64");
        }

        AssertSame(OnnxFile.Load(net.ToOnnx()).Network, "ONNX float64");
        Interlocked.Increment(ref stats.Cases);
        stats.Count(c);

        void AssertSame(Sequential loaded, string format)
        {
            loaded.ToString().Should().Be(net.ToString(), $"{format} gives back the layers; case: {c}");

            loaded.NamedParameters.Select(p => p.Key).Should().Equal(net.NamedParameters.Select(p => p.Key), $"{format}: parameter names; case: {c}");
            foreach ((string name, Parameter p) in net.NamedParameters)
            {
                SameBits(loaded.GetParameter(name).Value, p.Value, $"{format}: {name}", c);
            }

            SameBits(loaded.Forward(x), outputs, $"{format}: the outputs on a batch of {c.Batch}", c);
        }
    }

    // ================================================================== helpers

    /// <summary>Fails, naming the first entry that differs and the case, unless the matrices are equal to the bit.</summary>
    private static void SameBits(Matrix<double> actual, Matrix<double> expected, string what, NetCase c)
    {
        actual.RowCount.Should().Be(expected.RowCount, $"{what}: rows; case: {c}");
        actual.ColumnCount.Should().Be(expected.ColumnCount, $"{what}: columns; case: {c}");
        for (int j = 0; j < expected.ColumnCount; j++)
        {
            for (int i = 0; i < expected.RowCount; i++)
            {
                if (BitConverter.DoubleToInt64Bits(actual[i, j]) != BitConverter.DoubleToInt64Bits(expected[i, j]))
                {
                    throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                        $"{what} [{i}, {j}]: {actual[i, j]:R} where {expected[i, j]:R} was expected bit for bit. Case: {c}"));
                }
            }
        }
    }

    /// <summary>Counts shared by a property's cases (fields for Interlocked).</summary>
    private sealed class Counters
    {
#pragma warning disable SA1401, CA1051 // fields, so that Interlocked can update them
        public long Cases;
        public long BlockedCases;
        public long SplitCases;
        public long Checked;
        public long Skipped;
        public long ExactCases;
        public long SingleSamplePasses;
        public long SoftplusLayers;
        public long SoftplusLinear;
        public long SoftplusLinearLayers;
        public long LogSoftmaxLayers;
        public long NllClassCases;
        public long NllProbabilityCases;
        public long NllAfterLogSoftmax;
        public long DropoutLayers;
        public long DropoutElements;
        public long Dropped;
#pragma warning restore SA1401, CA1051
        private readonly object _gate = new();

        /// <summary>The largest difference seen as a share of what was allowed (1 would be at the limit).</summary>
        public double WorstShare { get; private set; }

        /// <summary>Counts the layers and losses of a case that the generators added last.</summary>
        public void Count(NetCase c)
        {
            Interlocked.Add(ref SoftplusLayers, c.Layers.Count(s => s.Activation == ActivationKind.Softplus));
            Interlocked.Add(ref LogSoftmaxLayers, c.Layers.Count(s => s.Activation == ActivationKind.LogSoftmax));
            Interlocked.Add(ref DropoutLayers, c.Layers.Count(s => s.DropoutP is not null));
            if (c.Loss is LossKind.NllClasses or LossKind.NllProbabilities)
            {
                Interlocked.Increment(ref c.Loss == LossKind.NllClasses ? ref NllClassCases : ref NllProbabilityCases);
                Interlocked.Add(ref NllAfterLogSoftmax, c.Layers[^1].Activation == ActivationKind.LogSoftmax ? 1 : 0);
            }
        }

        /// <summary>The counts of <see cref="Count"/>, for the test output.</summary>
        public string Kinds() =>
            $"{SoftplusLayers} Softplus layers (random β and threshold), {LogSoftmaxLayers} LogSoftmax layers, {DropoutLayers} Dropout layers (eval mode but in the training-mode property); NllLoss in {NllClassCases} cases with class indices and {NllProbabilityCases} with probabilities, {NllAfterLogSoftmax} of them after a LogSoftmax";

        public void Observe(double difference, double allowed)
        {
            if (difference == 0)
            {
                return;
            }

            lock (_gate)
            {
                WorstShare = Math.Max(WorstShare, difference / allowed);
            }
        }
    }
}
