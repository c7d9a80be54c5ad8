using TinyNets.Optimizers.Schedules;

namespace TinyNets.Tests.Optimizers.Schedules;

/// <summary>
/// Closed-form schedules on their edges: epoch 0 of the closed form, the initial rate set at construction, a loaded
/// state whose closed form overflows, and LoadState's null and different-hyper-parameter refusals pinned whole.
/// </summary>
public class ClosedFormScheduleMutationTests
{
    private static Sgd Optimizer(double lr) => new(new Sequential(new Linear(2, 1)).Initialize(seed: 1), lr);

    [Fact]
    public void LearningRateAt_Zero_IsTheBaseRate()
    {
        // η₀·γ⁰ = η₀.
        new ExponentialLR(Optimizer(0.5), 0.9).LearningRateAt(0).Should().Be(0.5);
    }

    [Fact]
    public void Cosine_Construction_SetsTheClosedFormAtEpochZero()
    {
        // η_min + (η₀ − η_min)(1 + cos 0)/2 with η₀ = 1e-17, η_min = 1: 1e-17 − 1 rounds to −1, so the rate is 1 − 1 = 0.
        Sgd sgd = Optimizer(1e-17);
        _ = new CosineAnnealingLR(sgd, tMax: 10, etaMin: 1);
        sgd.LearningRate.Should().Be(0);
    }

    [Fact]
    public void LoadState_OverflowingClosedForm_IsRefused()
    {
        // 1·2¹¹⁰⁰ overflows to +∞.
        Sgd sgd = Optimizer(1.0);
        var schedule = new ExponentialLR(sgd, 2);
        var state = new ScheduleState("ExponentialLR", new Dictionary<string, double> { ["gamma"] = 2 }, 1100, 1.0);
        var e = Assert.Throws<ArgumentException>(() => schedule.LoadState(state));
        e.Message.Should().Be(new ArgumentException(
            "The state's epoch 1100 and base rate 1 give the learning rate Infinity; a finite rate ≥ 0 was expected.", "state").Message);
        sgd.LearningRate.Should().Be(1.0);
        schedule.LastEpoch.Should().Be(0);
    }

    [Fact]
    public void LoadState_Null_IsNamed()
    {
        Assert.Throws<ArgumentNullException>(() => new ExponentialLR(Optimizer(1.0), 0.5).LoadState(null!)).ParamName.Should().Be("state");
    }

    [Fact]
    public void LoadState_DifferentHyperParameter_Message()
    {
        var schedule = new ExponentialLR(Optimizer(1.0), 0.5);
        var state = new ScheduleState("ExponentialLR", new Dictionary<string, double> { ["gamma"] = 0.25 }, 1, 1.0);
        var e = Assert.Throws<ArgumentException>(() => schedule.LoadState(state));
        e.Message.Should().Be(new ArgumentException(
            "Hyper-parameter \"gamma\" is 0.5 in this schedule; the state has 0.25. Create the schedule with the state's hyper-parameters.", "state").Message);
    }
}
