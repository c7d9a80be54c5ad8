using TinyNets.Optimizers.Schedules;

namespace TinyNets.Tests.Optimizers.Schedules;

/// <summary>
/// The checks of a schedule's state, one hyper-parameter and one counter at a time: each range's edges (accepted on the
/// closed side, refused on the open side), the integer names, and the messages pinned whole.
/// </summary>
public class ScheduleStateMutationTests
{
    private const string MaxDouble = "1.7976931348623157E+308";

    private static readonly Dictionary<string, Dictionary<string, double>> Valid = new()
    {
        ["StepLR"] = new() { ["step_size"] = 3, ["gamma"] = 0.5 },
        ["ExponentialLR"] = new() { ["gamma"] = 0.9 },
        ["CosineAnnealingLR"] = new() { ["T_max"] = 10, ["eta_min"] = 0.01 },
        ["LinearLR"] = new() { ["start_factor"] = 0.5, ["end_factor"] = 1, ["total_iters"] = 4 },
        ["ReduceLROnPlateau"] = new()
        {
            ["mode"] = 0, ["factor"] = 0.1, ["patience"] = 3, ["threshold"] = 1e-4, ["threshold_mode"] = 0,
            ["cooldown"] = 2, ["min_lr"] = 0, ["eps"] = 1e-8,
        },
    };

    private static string KindOf(string name) => Valid.First(k => k.Value.ContainsKey(name)).Key;

    private static Dictionary<string, double> With(string name, double value) =>
        new(Valid[KindOf(name)]) { [name] = value };

    private static void Check(string name, double value) => ScheduleState.CheckHyperParameters(KindOf(name), With(name, value));

    private static void Refused(string name, double value, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Check(name, value));
        e.ParamName.Should().Be(name);
        e.Message.Should().Be(new ArgumentOutOfRangeException(name, value, message).Message);
    }

    [Fact]
    public void Constructor_RefusesNullKindAndHyperParameters()
    {
        Assert.Throws<ArgumentNullException>(() => new ScheduleState(null!, Valid["ExponentialLR"], 0, 0.1)).ParamName.Should().Be("kind");
        Assert.Throws<ArgumentNullException>(() => new ScheduleState("ExponentialLR", null!, 0, 0.1)).ParamName.Should().Be("hyperParameters");
    }

    [Fact]
    public void EveryValidKind_IsAccepted()
    {
        foreach ((string kind, Dictionary<string, double> h) in Valid)
        {
            ScheduleState.CheckHyperParameters(kind, h);
        }
    }

    [Fact]
    public void UnknownKind_AndMissingName_Messages()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleState.CheckHyperParameters("MultiStepLR", Valid["StepLR"]));
        e.ParamName.Should().Be("kind");
        e.Message.Should().Be(new ArgumentException(
            "One of StepLR, ExponentialLR, CosineAnnealingLR, LinearLR, ReduceLROnPlateau was expected; \"MultiStepLR\" was given.", "kind").Message);

        var m = Assert.Throws<ArgumentException>(() => ScheduleState.CheckHyperParameters("StepLR", new Dictionary<string, double> { ["step_size"] = 2 }));
        m.ParamName.Should().Be("gamma");
        m.Message.Should().Be(new ArgumentException("StepLR needs hyper-parameter \"gamma\".", "gamma").Message);
    }

    [Fact]
    public void KnownKinds_InOrdinalOrder()
    {
        ScheduleState.KnownKinds.Should().Be("CosineAnnealingLR, ExponentialLR, LinearLR, ReduceLROnPlateau, StepLR");
    }

    [Theory]
    [InlineData("step_size", 2.5)]
    [InlineData("T_max", 2.5)]
    [InlineData("total_iters", 2.5)]
    [InlineData("patience", 2.5)]
    [InlineData("cooldown", 2.5)]
    [InlineData("mode", 0.5)]
    [InlineData("threshold_mode", 0.5)]
    [InlineData("step_size", 4294967296.0)]
    public void IntegerNames_RefuseFractionsAndHugeValues(string name, double value)
    {
        // Each fraction lies inside the name's range, so only the integer check can refuse it.
        Refused(name, value, $"'{name}' must be an integer; {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} was given.");
    }

    [Theory]
    [InlineData("step_size")]
    [InlineData("T_max")]
    [InlineData("total_iters")]
    public void CountsFromOne_BothEdgesInclusive(string name)
    {
        Check(name, 1);
        Check(name, int.MaxValue);
        Refused(name, 0, $"'{name}' must lie in [1, 2147483647]; 0 was given.");
    }

    [Theory]
    [InlineData("patience")]
    [InlineData("cooldown")]
    public void CountsFromZero_BothEdgesInclusive(string name)
    {
        Check(name, 0);
        Check(name, int.MaxValue);
        Refused(name, -1, $"'{name}' must lie in [0, 2147483647]; -1 was given.");
    }

    [Theory]
    [InlineData("mode")]
    [InlineData("threshold_mode")]
    public void Modes_ZeroOrOne(string name)
    {
        Check(name, 0);
        Check(name, 1);
        Refused(name, 2, $"'{name}' must lie in [0, 1]; 2 was given.");
        Refused(name, -1, $"'{name}' must lie in [0, 1]; -1 was given.");
    }

    [Fact]
    public void Gamma_PositiveAndFinite()
    {
        Check("gamma", double.MaxValue);
        Check("gamma", double.Epsilon);
        Refused("gamma", 0, $"'gamma' must lie in (0, {MaxDouble}]; 0 was given.");
        Refused("gamma", double.PositiveInfinity, $"'gamma' must lie in (0, {MaxDouble}]; Infinity was given.");
    }

    [Fact]
    public void Factors_TheirEdges()
    {
        Check("start_factor", 1);
        Refused("start_factor", 0, "'start_factor' must lie in (0, 1]; 0 was given.");
        Refused("start_factor", 1.5, "'start_factor' must lie in (0, 1]; 1.5 was given.");

        Check("end_factor", 0);
        Check("end_factor", 1);
        Refused("end_factor", 1.5, "'end_factor' must lie in [0, 1]; 1.5 was given.");

        Check("factor", 0.5);
        Refused("factor", 0, "'factor' must lie in (0, 1); 0 was given.");
        Refused("factor", 1, "'factor' must lie in (0, 1); 1 was given.");
    }

    [Theory]
    [InlineData("eta_min")]
    [InlineData("threshold")]
    [InlineData("min_lr")]
    [InlineData("eps")]
    public void NonNegativeFinite_ItsEdges(string name)
    {
        Check(name, 0);
        Check(name, double.MaxValue);
        Refused(name, -1, $"'{name}' must lie in [0, {MaxDouble}]; -1 was given.");
        Refused(name, double.PositiveInfinity, $"'{name}' must lie in [0, {MaxDouble}]; Infinity was given.");
    }

    private static Exception Counters(string kind, int lastEpoch, double? baseRate, double? best = null, int bad = 0, int cooldown = 0) =>
        Record.Exception(() => ScheduleState.CheckCounters(kind, Valid[kind], lastEpoch, baseRate, best, bad, cooldown, "state"));

    [Fact]
    public void ClosedForm_BaseRate_ZeroAccepted_NoneNamed()
    {
        Counters("ExponentialLR", 0, 0.0).Should().BeNull();
        var e = Counters("StepLR", 2, null).Should().BeOfType<ArgumentException>().Subject;
        e.ParamName.Should().Be("state");
        e.Message.Should().Be(new ArgumentException("A StepLR state needs a base learning rate, finite and ≥ 0; none was given.", "state").Message);
    }

    [Fact]
    public void Plateau_BestPresentExactlyOnceStepped_Messages()
    {
        Counters("ReduceLROnPlateau", 0, null, best: 1.5).Should().BeOfType<ArgumentException>().Which.Message.Should().Be(new ArgumentException(
            "A best metric was expected exactly when the schedule has been stepped; last epoch 0 and a best were given.", "state").Message);
        Counters("ReduceLROnPlateau", 3, null).Should().BeOfType<ArgumentException>().Which.Message.Should().Be(new ArgumentException(
            "A best metric was expected exactly when the schedule has been stepped; last epoch 3 and no best were given.", "state").Message);
        Counters("ReduceLROnPlateau", 0, null).Should().BeNull();
        Counters("ReduceLROnPlateau", 3, null, best: 1.5).Should().BeNull();
    }

    [Fact]
    public void Plateau_BadEpochs_UpToTheSmallerOfPatienceAndEpochs()
    {
        // Patience 3: after 2 epochs, 2 bad ones are possible (each epoch after the first best can be bad... and the
        // count is bounded by the epochs stepped); after 5 epochs, at most the patience 3.
        Counters("ReduceLROnPlateau", 2, null, best: 1.0, bad: 2).Should().BeNull();
        Counters("ReduceLROnPlateau", 5, null, best: 1.0, bad: 3).Should().BeNull();
        var e = Counters("ReduceLROnPlateau", 5, null, best: 1.0, bad: 4).Should().BeOfType<ArgumentOutOfRangeException>().Subject;
        e.Message.Should().Be(new ArgumentOutOfRangeException(
            "state", 4, "Bad epochs from 0 to 3 (the patience, and the epochs stepped) were expected; 4 was given.").Message);
        var f = Counters("ReduceLROnPlateau", 2, null, best: 1.0, bad: 3).Should().BeOfType<ArgumentOutOfRangeException>().Subject;
        f.Message.Should().Be(new ArgumentOutOfRangeException(
            "state", 3, "Bad epochs from 0 to 2 (the patience, and the epochs stepped) were expected; 3 was given.").Message);
    }

    [Fact]
    public void Plateau_BadEpochsWithoutCooldown_Accepted()
    {
        Counters("ReduceLROnPlateau", 4, null, best: 1.0, bad: 1, cooldown: 0).Should().BeNull();
        Counters("ReduceLROnPlateau", 4, null, best: 1.0, bad: 0, cooldown: 2).Should().BeNull();
        Counters("ReduceLROnPlateau", 4, null, best: 1.0, bad: 1, cooldown: 1).Should().BeOfType<ArgumentException>();
    }
}
