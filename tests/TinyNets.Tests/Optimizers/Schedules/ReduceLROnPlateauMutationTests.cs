using TinyNets.Optimizers.Schedules;

namespace TinyNets.Tests.Optimizers.Schedules;

/// <summary>
/// ReduceLROnPlateau exactly on its edges, with values exact in binary: a metric equal to the threshold's bound is not
/// better (PyTorch's strict comparisons), a drop equal to eps is not applied; and the modes' numbers in the state.
/// </summary>
public class ReduceLROnPlateauMutationTests
{
    private static Sgd Optimizer(double lr) => ReduceLROnPlateauTests.Optimizer(lr);

    private static double[] Rates(ReduceLROnPlateau schedule, params double[] metrics) => ReduceLROnPlateauTests.Rates(schedule, metrics);

    [Fact]
    public void MinRelative_MetricOnTheBound_IsBad()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), factor: 0.5, patience: 0, threshold: 0.5);
        // 10: best. 5 = 10·(1 − 0.5) is not < 5: bad 1 > 0 → 0.5.
        Rates(s, 10, 5).Should().Equal(1, 0.5);
        s.Best.Should().Be(10);
    }

    [Fact]
    public void MaxRelative_MetricOnTheBound_IsBad()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), PlateauMode.Max, factor: 0.5, patience: 0, threshold: 0.5);
        // 4: best. 6 = 4·(0.5 + 1) is not > 6: bad → 0.5.
        Rates(s, 4, 6).Should().Equal(1, 0.5);
        s.Best.Should().Be(4);
    }

    [Fact]
    public void MaxAbsolute_MetricOnTheBound_IsBad()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), PlateauMode.Max, factor: 0.5, patience: 0, threshold: 0.5, thresholdMode: ThresholdMode.Absolute);
        // 1: best. 1.5 = 1 + 0.5 is not > 1.5: bad → 0.5.
        Rates(s, 1, 1.5).Should().Equal(1, 0.5);
        s.Best.Should().Be(1);
    }

    [Fact]
    public void DropEqualToEps_IsNotApplied()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), factor: 0.5, patience: 0, eps: 0.5);
        // 2: best. 3: bad → 1·0.5, but 1 − 0.5 = 0.5 is not > eps 0.5: the rate stays 1 (the cooldown still starts).
        Rates(s, 2, 3).Should().Equal(1, 1);
        var t = new ReduceLROnPlateau(Optimizer(1.0), factor: 0.5, patience: 0, eps: 0.25);
        Rates(t, 2, 3).Should().Equal(1, 0.5);
    }

    [Fact]
    public void State_ModesAsNumbers()
    {
        var s = new ReduceLROnPlateau(Optimizer(1.0), PlateauMode.Max, thresholdMode: ThresholdMode.Absolute);
        s.GetState().HyperParameters["mode"].Should().Be(1);
        s.GetState().HyperParameters["threshold_mode"].Should().Be(1);
        var t = new ReduceLROnPlateau(Optimizer(1.0));
        t.GetState().HyperParameters["mode"].Should().Be(0);
        t.GetState().HyperParameters["threshold_mode"].Should().Be(0);
    }
}
