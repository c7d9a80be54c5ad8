using TinyNets.Internal;

namespace TinyNets.Tests.Internal;

// Pins each refusal of StateChecks.KindAndHyperParameters with its whole message, and that a matching state passes.
public class StateChecksMutationTests
{
    private static readonly Dictionary<string, double> Mine = new() { ["lr"] = 0.1, ["momentum"] = 0.9 };

    private static Action Check(string givenKind, Dictionary<string, double> given) =>
        () => StateChecks.KindAndHyperParameters("SGD", Mine, givenKind, given, "optimizer", "lr", "state");

    [Fact]
    public void AMatchingState_Passes_AndTheFreeKeyMayDiffer()
    {
        Check("SGD", new() { ["lr"] = 0.1, ["momentum"] = 0.9 }).Should().NotThrow();
        Check("SGD", new() { ["momentum"] = 0.9, ["lr"] = 0.025 }).Should().NotThrow();
        Check("SGD", new() { ["lr"] = 0, ["momentum"] = 0.9 }).Should().NotThrow();
    }

    [Fact]
    public void AnotherKind_IsRefused()
    {
        Check("Adam", new() { ["lr"] = 0.1, ["momentum"] = 0.9 }).Should().Throw<ArgumentException>()
            .WithMessage("A state of kind \"SGD\" was expected; kind \"Adam\" was given. (Parameter 'state')");
    }

    [Fact]
    public void AnUnknownKey_IsRefused_ListingTheKnownOnes()
    {
        Check("SGD", new() { ["lr"] = 0.1, ["momentum"] = 0.9, ["beta2"] = 0.999 }).Should().Throw<ArgumentException>()
            .WithMessage("SGD has no hyper-parameter \"beta2\"; its hyper-parameters are lr, momentum. (Parameter 'state')");
    }

    [Fact]
    public void AMissingKey_IsRefused()
    {
        Check("SGD", new() { ["lr"] = 0.1 }).Should().Throw<ArgumentException>()
            .WithMessage("The state lacks hyper-parameter \"momentum\". (Parameter 'state')");
    }

    [Fact]
    public void AnotherValue_IsRefused_ButTheFreeKeyOnlyIfNegativeOrNotFinite()
    {
        Check("SGD", new() { ["lr"] = 0.1, ["momentum"] = 0.5 }).Should().Throw<ArgumentException>()
            .WithMessage("Hyper-parameter \"momentum\" is 0.9 in this optimizer; the state has 0.5. Create the optimizer with the state's hyper-parameters. (Parameter 'state')");
        var e = Check("SGD", new() { ["lr"] = -0.5, ["momentum"] = 0.9 }).Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("state");
        e.Message.Split(Environment.NewLine)[0].Should().Be("'lr' must be finite and ≥ 0; -0.5 was given. (Parameter 'state')");
    }
}
