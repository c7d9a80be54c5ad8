using System.Globalization;
using TinyNets.Optimizers.Schedules;

namespace TinyNets.Tests.Optimizers.Schedules;

/// <summary>
/// ReduceLROnPlateau on hand-made metric sequences: each expected rate is worked out in the comments from PyTorch's
/// rules (is_better with the threshold mode, bad-epoch count, cooldown, max(lr·factor, min_lr) applied only when the
/// drop exceeds eps).
/// </summary>
public class ReduceLROnPlateauTests
{
    internal static Sgd Optimizer(double lr) => new(new Sequential(new Linear(2, 1)).Initialize(seed: 1), lr);

    internal static double[] Rates(ReduceLROnPlateau schedule, params double[] metrics) =>
        metrics.Select(m =>
        {
            schedule.Step(m);
            return schedule.Optimizer.LearningRate;
        }).ToArray();

    [Fact]
    public void MinRelative_Patience()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), factor: 0.5, patience: 2, threshold: 0.1);
        // 10: first → best 10. 9.5 ≥ 10·0.9 = 9: bad 1. 8.9 < 9: best 8.9. 8.9 ≥ 8.01: bad 1. 8.5: bad 2 (not > 2).
        // 8.2: bad 3 > 2 → 1·0.5, count cleared. 8.0 < 8.01: best 8.0.
        Rates(s, 10, 9.5, 8.9, 8.9, 8.5, 8.2, 8.0).Should().Equal(1, 1, 1, 1, 1, 0.5, 0.5);
        s.Best.Should().Be(8.0);
        s.BadEpochs.Should().Be(0);
        s.LastEpoch.Should().Be(7);
    }

    [Fact]
    public void MinAbsolute()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), factor: 0.1, patience: 1, threshold: 0.5, thresholdMode: ThresholdMode.Absolute);
        // 5: best. 4.6 ≥ 4.5: bad 1. 4.4 < 4.5: best 4.4. 4.0 ≥ 3.9: bad 1. 4.0: bad 2 > 1 → 0.1. 3.0 < 3.9: best.
        Rates(s, 5, 4.6, 4.4, 4.0, 4.0, 3.0).Should().Equal(1, 1, 1, 1, 0.1, 0.1);
        s.Best.Should().Be(3.0);
    }

    [Fact]
    public void MaxRelative()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), PlateauMode.Max, factor: 0.5, patience: 0, threshold: 0.1);
        // 1.0: best. 1.05 ≤ 1.0·1.1: bad 1 > 0 → 0.5. 1.2 > 1.1: best 1.2. 1.3 ≤ 1.2·1.1 = 1.32: bad → 0.25.
        Rates(s, 1.0, 1.05, 1.2, 1.3).Should().Equal(1, 0.5, 0.5, 0.25);
        s.Best.Should().Be(1.2);
    }

    [Fact]
    public void MaxAbsolute()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), PlateauMode.Max, factor: 0.5, patience: 0, threshold: 0.05, thresholdMode: ThresholdMode.Absolute);
        // 1.0: best. 1.04 ≤ 1.05: bad → 0.5. 1.06 > 1.05: best. 1.1 ≤ 1.11: bad → 0.25.
        Rates(s, 1.0, 1.04, 1.06, 1.1).Should().Equal(1, 0.5, 0.5, 0.25);
    }

    [Fact]
    public void RelativeThreshold_OnANegativeBest_UsesPyTorchsProduct()
    {
        // min, rel: better means a < best·(1 − 0.1). With best −10 that is a < −9: −9.5 counts as better, though it is
        // above −10 (PyTorch's formula, kept as it is).
        var s = new ReduceLROnPlateau(Optimizer(1.0), patience: 0, threshold: 0.1);
        Rates(s, -10, -9.5).Should().Equal(1, 1);
        s.Best.Should().Be(-9.5);
    }

    [Fact]
    public void Cooldown_IgnoresBadEpochs_ThenCountsAgain()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), factor: 0.5, patience: 0, threshold: 0, thresholdMode: ThresholdMode.Absolute, cooldown: 2);
        // A flat metric. 1: best. 2nd: bad 1 > 0 → 0.5, cooldown 2. 3rd: cooldown → 1, count cleared. 4th: cooldown → 0,
        // cleared. 5th: bad 1 → 0.25, cooldown 2. 6th, 7th: cooldown. 8th → 0.125.
        Rates(s, 1, 1, 1, 1, 1, 1, 1, 1).Should().Equal(1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125);
        s.CooldownCounter.Should().Be(2);
    }

    [Fact]
    public void MinLr_BoundsTheRate()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), factor: 0.1, patience: 0, threshold: 0, thresholdMode: ThresholdMode.Absolute, minLr: 0.05);
        // 1: best. → max(1·0.1, 0.05) = 0.1. → max(0.1·0.1, 0.05) = 0.05. → max(0.005, 0.05) = 0.05, a drop of 0: kept.
        Rates(s, 1, 1, 1, 1).Should().Equal(1, 0.1, 0.05, 0.05);
    }

    [Fact]
    public void Eps_SkipsASmallReduction()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), factor: 0.5, patience: 0, threshold: 0, thresholdMode: ThresholdMode.Absolute, eps: 0.3);
        // → 0.5 (a drop of 0.5 > 0.3). Then 0.5 − 0.25 = 0.25 ≤ 0.3: skipped, and again.
        Rates(s, 1, 1, 1, 1).Should().Equal(1, 0.5, 0.5, 0.5);
        s.BadEpochs.Should().Be(0, "the count clears at a reduction even when eps skipped it");
    }

    [Fact]
    public void Defaults_ArePyTorchs()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0));
        (s.Mode, s.Factor, s.Patience, s.Threshold, s.ThresholdMode, s.Cooldown, s.MinLr, s.Eps)
            .Should().Be((PlateauMode.Min, 0.1, 10, 1e-4, ThresholdMode.Relative, 0, 0.0, 1e-8));
        s.Best.Should().BeNull();
        // Patience 10: eleven bad epochs after the first reduce the rate on the 12th step.
        double[] rates = Rates(s, Enumerable.Repeat(2.0, 12).ToArray());
        rates.Take(11).Should().AllSatisfy(r => r.Should().Be(1.0));
        rates[11].Should().Be(0.1);
    }

    [Fact]
    public void Step_RefusesANonFiniteMetric_AndChangesNothing()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), patience: 0);
        s.Step(3);
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => s.Step(bad));
            ex.ParamName.Should().Be("metric");
            ex.Message.Should().Contain("finite").And.Contain(bad.ToString(CultureInfo.InvariantCulture));
        }

        (s.LastEpoch, s.Best, s.BadEpochs, s.Optimizer.LearningRate).Should().Be((1, 3.0, 0, 1.0));
    }

    [Fact]
    public void State_MidCooldown_CarriesOnExactly()
    {
        ReduceLROnPlateau Make(Sgd sgd) => new(sgd, factor: 0.5, patience: 1, threshold: 0.01, cooldown: 3);
        double[] metrics = [5, 4, 4, 4, 4.5, 3, 3, 3, 3, 3, 3, 2.9, 3, 3, 3];
        Sgd a = Optimizer(0.8);
        ReduceLROnPlateau whole = Make(a);
        double[] expected = Rates(whole, metrics);

        Sgd b = Optimizer(0.8);
        ReduceLROnPlateau first = Make(b);
        Rates(first, metrics[..5]);
        first.CooldownCounter.Should().BeGreaterThan(0, "the break falls inside a cooldown");
        ScheduleState state = first.GetState();
        state.BaseLearningRate.Should().BeNull();

        Sgd c = Optimizer(0.8);
        c.LoadState(b.GetState());
        ReduceLROnPlateau resumed = Make(c);
        resumed.LoadState(state);
        (resumed.LastEpoch, resumed.Best, resumed.BadEpochs, resumed.CooldownCounter).Should().Be((first.LastEpoch, first.Best, first.BadEpochs, first.CooldownCounter));
        metrics[..5].Select(_ => 0.0).Concat(Rates(resumed, metrics[5..])).Skip(5).Should().Equal(expected[5..]);
    }

    [Fact]
    public void LoadState_RefusesInconsistentCounters()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), patience: 2, cooldown: 3);
        IReadOnlyDictionary<string, double> h = s.GetState().HyperParameters;
        h["mode"].Should().Be(0);
        h["threshold_mode"].Should().Be(0);

        void Refused(ScheduleState state, string fragment)
        {
            var ex = Assert.ThrowsAny<ArgumentException>(() => s.LoadState(state));
            ex.ParamName.Should().Be("state");
            ex.Message.Should().Contain(fragment);
            (s.LastEpoch, s.Best).Should().Be((0, null));
        }

        Refused(new ScheduleState("ReduceLROnPlateau", h, 4, null, 1.0, badEpochs: 3), "3");
        Refused(new ScheduleState("ReduceLROnPlateau", h, 4, null, 1.0, cooldownCounter: 4), "4");
        Refused(new ScheduleState("ReduceLROnPlateau", h, 4, null, 1.0, badEpochs: 1, cooldownCounter: 1), "cooldown");
        Refused(new ScheduleState("ReduceLROnPlateau", h, 4, null, null), "best");
        Refused(new ScheduleState("ReduceLROnPlateau", h, 0, null, 1.0), "best");
        Refused(new ScheduleState("ReduceLROnPlateau", h, 4, null, double.PositiveInfinity), "Infinity");
        Refused(new ScheduleState("ReduceLROnPlateau", h, 4, 0.1, 1.0), "base learning rate");
    }

    [Fact]
    public void Constructor_RefusesBadArguments_NamingParameterExpectedAndGiven()
    {
        Sgd sgd = Optimizer(1.0);

        void OutOfRange(Action act, string name, object given, string expected)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(act);
            ex.ParamName.Should().Be(name);
            ex.ActualValue.Should().Be(given);
            ex.Message.Should().Contain(expected).And.Contain(Convert.ToString(given, CultureInfo.InvariantCulture));
        }

        foreach (double f in new[] { 0.0, 1.0, 1.5, -0.1, double.NaN })
        {
            OutOfRange(() => _ = new ReduceLROnPlateau(sgd, factor: f), "factor", f, "(0, 1)");
        }

        OutOfRange(() => _ = new ReduceLROnPlateau(sgd, patience: -1), "patience", -1, "≥ 0");
        OutOfRange(() => _ = new ReduceLROnPlateau(sgd, cooldown: -2), "cooldown", -2, "≥ 0");
        foreach (double v in new[] { -1e-9, double.NaN, double.PositiveInfinity })
        {
            OutOfRange(() => _ = new ReduceLROnPlateau(sgd, threshold: v), "threshold", v, "[0, ");
            OutOfRange(() => _ = new ReduceLROnPlateau(sgd, minLr: v), "minLr", v, "[0, ");
            OutOfRange(() => _ = new ReduceLROnPlateau(sgd, eps: v), "eps", v, "[0, ");
        }

        OutOfRange(() => _ = new ReduceLROnPlateau(sgd, (PlateauMode)7), "mode", (PlateauMode)7, "Min or Max");
        OutOfRange(() => _ = new ReduceLROnPlateau(sgd, thresholdMode: (ThresholdMode)(-1)), "thresholdMode", (ThresholdMode)(-1), "Relative or Absolute");
    }
}
