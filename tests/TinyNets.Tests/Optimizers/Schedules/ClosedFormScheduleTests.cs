using System.Globalization;
using TinyNets.Optimizers.Schedules;

namespace TinyNets.Tests.Optimizers.Schedules;

/// <summary>
/// StepLR, ExponentialLR, CosineAnnealingLR and LinearLR against PyTorch's closed forms (_get_closed_form_lr), computed
/// here with Math.Pow and Math.Cos in PyTorch's order of operations, bit for bit over many epochs.
/// </summary>
public class ClosedFormScheduleTests
{
    private static Sgd Optimizer(double lr) =>
        new(new Sequential(new Linear(2, 1)).Initialize(seed: 1), lr);

    // The rate at construction (epoch 0) and after each of `epochs` steps, next to the closed form of that epoch.
    private static void FollowsClosedForm(ClosedFormSchedule schedule, Func<int, double> closedForm, int epochs)
    {
        schedule.LastEpoch.Should().Be(0);
        BitConverter.DoubleToInt64Bits(schedule.Optimizer.LearningRate).Should().Be(BitConverter.DoubleToInt64Bits(closedForm(0)), "epoch 0");
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            schedule.Step();
            schedule.LastEpoch.Should().Be(epoch);
            double expected = closedForm(epoch);
            BitConverter.DoubleToInt64Bits(schedule.Optimizer.LearningRate).Should().Be(
                BitConverter.DoubleToInt64Bits(expected), "epoch {0}: {1} was expected, {2} is set", epoch, expected, schedule.Optimizer.LearningRate);
            BitConverter.DoubleToInt64Bits(schedule.LearningRateAt(epoch)).Should().Be(BitConverter.DoubleToInt64Bits(expected));
        }
    }

    [Fact]
    public void StepLR_IsBaseTimesGammaToTheFlooredQuotient()
    {
        var schedule = new StepLR(Optimizer(0.1), stepSize: 3, gamma: 0.7);
        FollowsClosedForm(schedule, e => 0.1 * Math.Pow(0.7, e / 3), 300);
        schedule.BaseLearningRate.Should().Be(0.1);
    }

    [Fact]
    public void StepLR_DefaultGammaIsATenth()
    {
        var schedule = new StepLR(Optimizer(0.5), stepSize: 2);
        schedule.Gamma.Should().Be(0.1);
        FollowsClosedForm(schedule, e => 0.5 * Math.Pow(0.1, e / 2), 10);
    }

    [Fact]
    public void ExponentialLR_IsBaseTimesGammaToTheEpoch()
    {
        FollowsClosedForm(new ExponentialLR(Optimizer(0.3), gamma: 0.97), e => 0.3 * Math.Pow(0.97, e), 500);
    }

    [Fact]
    public void ExponentialLR_IsTheClosedForm_NotTheChainedProduct()
    {
        // PyTorch's chainable form multiplies the current rate: after many steps the product and the power part ways in
        // the last bits. The schedule keeps the power (the closed form), and this test can tell the two apart.
        var schedule = new ExponentialLR(Optimizer(0.3), gamma: 0.97);
        double chained = 0.3;
        bool differed = false;
        for (int e = 1; e <= 500; e++)
        {
            schedule.Step();
            chained *= 0.97;
            schedule.Optimizer.LearningRate.Should().Be(0.3 * Math.Pow(0.97, e));
            differed |= chained != schedule.Optimizer.LearningRate;
        }

        differed.Should().BeTrue("the chained product rounds differently from the closed form somewhere in 500 epochs");
    }

    [Fact]
    public void CosineAnnealingLR_FollowsTheCosine_ThroughTMaxAndBeyond()
    {
        const double eta = 0.001, baseLr = 0.1;
        var schedule = new CosineAnnealingLR(Optimizer(baseLr), tMax: 7, etaMin: eta);
        FollowsClosedForm(schedule, e => eta + ((baseLr - eta) * (1 + Math.Cos(Math.PI * e / 7)) / 2), 60);
        schedule.LearningRateAt(7).Should().Be(eta, "cos π = −1 exactly, so T_max gives η_min");
        schedule.LearningRateAt(14).Should().BeApproximately(baseLr, 1e-15, "the closed form rises back to η₀ at 2·T_max");
    }

    [Fact]
    public void CosineAnnealingLR_DefaultEtaMinZero_ReachesZeroAtTMax_WhichTheOptimizerTakes()
    {
        var schedule = new CosineAnnealingLR(Optimizer(0.05), tMax: 4);
        schedule.EtaMin.Should().Be(0);
        FollowsClosedForm(schedule, e => 0 + ((0.05 - 0) * (1 + Math.Cos(Math.PI * e / 4)) / 2), 4);
        schedule.Optimizer.LearningRate.Should().Be(0);
    }

    [Fact]
    public void LinearLR_Defaults_WarmUpFromAThirdOverFiveEpochs_ThenStay()
    {
        var schedule = new LinearLR(Optimizer(0.3));
        (schedule.StartFactor, schedule.EndFactor, schedule.TotalIters).Should().Be((1.0 / 3, 1.0, 5));
        FollowsClosedForm(schedule, e => 0.3 * ((1.0 / 3) + ((1.0 - (1.0 / 3)) * Math.Min(5, e) / 5)), 40);
        schedule.Optimizer.LearningRate.Should().Be(0.3 * ((1.0 / 3) + (1.0 - (1.0 / 3))));
    }

    [Fact]
    public void LinearLR_Decay_ToZero()
    {
        FollowsClosedForm(new LinearLR(Optimizer(0.2), startFactor: 1, endFactor: 0, totalIters: 8), e => 0.2 * (1 + ((0.0 - 1) * Math.Min(8, e) / 8)), 12);
    }

    [Fact]
    public void Construction_SetsTheEpochZeroRate_FromTheOptimizersRate()
    {
        Sgd sgd = Optimizer(0.6);
        var schedule = new LinearLR(sgd, startFactor: 0.25);
        schedule.BaseLearningRate.Should().Be(0.6);
        sgd.LearningRate.Should().Be(0.6 * 0.25);
    }

    [Fact]
    public void LearningRateAt_ChangesNothing_AndRefusesANegativeEpoch()
    {
        Sgd sgd = Optimizer(0.1);
        var schedule = new ExponentialLR(sgd, 0.5);
        schedule.LearningRateAt(3).Should().Be(0.1 * Math.Pow(0.5, 3));
        sgd.LearningRate.Should().Be(0.1);
        schedule.LastEpoch.Should().Be(0);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => schedule.LearningRateAt(-1));
        ex.ParamName.Should().Be("epoch");
        ex.Message.Should().Contain("≥ 0").And.Contain("-1");
    }

    public static TheoryData<string> Kinds => new() { "step", "exponential", "cosine", "linear" };

    private static ClosedFormSchedule Make(string kind, Optimizer optimizer) => kind switch
    {
        "step" => new StepLR(optimizer, 4, 0.5),
        "exponential" => new ExponentialLR(optimizer, 0.9),
        "cosine" => new CosineAnnealingLR(optimizer, 9, 0.01),
        _ => new LinearLR(optimizer, 0.2, 0.9, 6),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void State_CarriesOnExactly_IntoANewScheduleCreatedAfterTheOptimizerWasLoaded(string kind)
    {
        Sgd first = Optimizer(0.4);
        ClosedFormSchedule whole = Make(kind, first);
        for (int i = 0; i < 5; i++)
        {
            whole.Step();
        }

        ScheduleState state = whole.GetState();
        state.Kind.Should().Be(whole.GetType().Name);
        state.LastEpoch.Should().Be(5);
        state.BaseLearningRate.Should().Be(0.4);

        // A new process: the optimizer comes back with the scheduled rate, the schedule is created over it (taking that
        // rate for η₀ and setting epoch 0's), then its state is loaded.
        Sgd second = Optimizer(0.4);
        second.LoadState(first.GetState());
        ClosedFormSchedule resumed = Make(kind, second);
        resumed.LoadState(state);
        resumed.BaseLearningRate.Should().Be(0.4);
        resumed.LastEpoch.Should().Be(5);
        second.LearningRate.Should().Be(first.LearningRate);
        for (int i = 0; i < 10; i++)
        {
            whole.Step();
            resumed.Step();
            BitConverter.DoubleToInt64Bits(second.LearningRate).Should().Be(BitConverter.DoubleToInt64Bits(first.LearningRate));
        }
    }

    [Fact]
    public void LoadState_RefusesAnotherKindOrHyperParameter_OrBadCounters_AndChangesNothing()
    {
        Sgd sgd = Optimizer(0.4);
        var schedule = new StepLR(sgd, 4, 0.5);
        schedule.Step();
        ScheduleState good = schedule.GetState();
        var other = new ExponentialLR(Optimizer(0.4), 0.5).GetState();

        void Refused(ScheduleState state, string fragment)
        {
            var ex = Assert.ThrowsAny<ArgumentException>(() => schedule.LoadState(state));
            ex.ParamName.Should().Be("state");
            ex.Message.Should().Contain(fragment);
            schedule.LastEpoch.Should().Be(1);
            schedule.BaseLearningRate.Should().Be(0.4);
            sgd.LearningRate.Should().Be(0.4);
        }

        Refused(other, "\"StepLR\"");
        Refused(new ScheduleState("StepLR", new Dictionary<string, double> { ["step_size"] = 4, ["gamma"] = 0.25 }, 2, 0.4), "\"gamma\"");
        Refused(new ScheduleState("StepLR", new Dictionary<string, double> { ["step_size"] = 4 }, 2, 0.4), "\"gamma\"");
        Refused(new ScheduleState("StepLR", new Dictionary<string, double> { ["step_size"] = 4, ["gamma"] = 0.5, ["T_max"] = 3 }, 2, 0.4), "\"T_max\"");
        Refused(new ScheduleState("StepLR", good.HyperParameters, -1, 0.4), "-1");
        Refused(new ScheduleState("StepLR", good.HyperParameters, 2, null), "base learning rate");
        Refused(new ScheduleState("StepLR", good.HyperParameters, 2, double.NaN), "NaN");
        Refused(new ScheduleState("StepLR", good.HyperParameters, 2, -0.1), "-0.1");
        Refused(new ScheduleState("StepLR", good.HyperParameters, 2, 0.4, best: 1), "best");
    }

    [Fact]
    public void Step_RefusesARateThatOverflows_AndChangesNothing()
    {
        Sgd sgd = Optimizer(1e300);
        var schedule = new ExponentialLR(sgd, 1e10);
        Assert.Throws<InvalidOperationException>(schedule.Step).Message.Should().Contain("Infinity").And.Contain("epoch 1").And.Contain("ExponentialLR");
        schedule.LastEpoch.Should().Be(0);
        sgd.LearningRate.Should().Be(1e300);
    }

    [Fact]
    public void Step_AtTheLastCountableEpoch_Throws_AndChangesNothing()
    {
        Sgd sgd = Optimizer(0.5);
        var schedule = new ExponentialLR(sgd, 0.5);
        schedule.LoadState(new ScheduleState("ExponentialLR", schedule.GetState().HyperParameters, int.MaxValue, 0.5));
        sgd.LearningRate.Should().Be(0, "0.5·0.5^(2³¹ − 1) underflows to 0");
        Assert.Throws<InvalidOperationException>(schedule.Step).Message.Should().Contain(int.MaxValue.ToString(CultureInfo.InvariantCulture));
        schedule.LastEpoch.Should().Be(int.MaxValue);

        var plateau = new ReduceLROnPlateau(sgd);
        plateau.LoadState(new ScheduleState("ReduceLROnPlateau", plateau.GetState().HyperParameters, int.MaxValue, null, 1.0));
        Assert.Throws<InvalidOperationException>(() => plateau.Step(0.5));
        (plateau.LastEpoch, plateau.Best).Should().Be((int.MaxValue, 1.0));
    }

    // ---------------------------------------------------------------- argument errors

    private static void OutOfRange(Action act, string paramName, object given, params string[] fragments)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(act);
        ex.ParamName.Should().Be(paramName);
        ex.ActualValue.Should().Be(given);
        ex.Message.Should().Contain(Convert.ToString(given, CultureInfo.InvariantCulture));
        foreach (string fragment in fragments)
        {
            ex.Message.Should().Contain(fragment);
        }
    }

    [Fact]
    public void Constructors_RefuseBadArguments_NamingParameterExpectedAndGiven_AndLeaveTheRate()
    {
        Sgd sgd = Optimizer(0.1);
        OutOfRange(() => _ = new StepLR(sgd, 0), "stepSize", 0, "≥ 1");
        OutOfRange(() => _ = new StepLR(sgd, -3), "stepSize", -3, "≥ 1");
        foreach (double gamma in new[] { 0.0, -0.5, double.NaN, double.PositiveInfinity })
        {
            OutOfRange(() => _ = new StepLR(sgd, 2, gamma), "gamma", gamma, "(0, ");
            OutOfRange(() => _ = new ExponentialLR(sgd, gamma), "gamma", gamma, "(0, ");
        }

        OutOfRange(() => _ = new CosineAnnealingLR(sgd, 0), "tMax", 0, "≥ 1");
        foreach (double eta in new[] { -1e-3, double.NaN, double.PositiveInfinity })
        {
            OutOfRange(() => _ = new CosineAnnealingLR(sgd, 5, eta), "etaMin", eta, "[0, ");
        }

        foreach (double start in new[] { 0.0, -0.1, 1.5, double.NaN })
        {
            OutOfRange(() => _ = new LinearLR(sgd, startFactor: start), "startFactor", start, "(0, 1]");
        }

        foreach (double end in new[] { -0.1, 1.01, double.NaN })
        {
            OutOfRange(() => _ = new LinearLR(sgd, endFactor: end), "endFactor", end, "[0, 1]");
        }

        OutOfRange(() => _ = new LinearLR(sgd, totalIters: 0), "totalIters", 0, "≥ 1");
        Assert.Throws<ArgumentNullException>(() => _ = new StepLR(null!, 2)).ParamName.Should().Be("optimizer");
        sgd.LearningRate.Should().Be(0.1, "a refused schedule does not touch the optimizer");
    }
}
