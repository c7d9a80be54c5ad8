namespace TinyNets.Tests.Diagnostics;

public class ParameterContractTests
{
    [Fact]
    public void PublicConstructors_MakeZeroFilledMatrixAndVectorParameters()
    {
        var w = new Parameter("weight", 2, 3);
        var b = new Parameter("bias", 4);

        (w.Rows, w.Columns, w.IsVector, w.Length, w.ShapeText).Should().Be((2, 3, false, 6, "2×3"));
        (b.Rows, b.Columns, b.IsVector, b.Length, b.ShapeText).Should().Be((4, 1, true, 4, "(4)"));
        w.Data.ToArray().Should().OnlyContain(v => v == 0);
        b.GradientData.ToArray().Should().OnlyContain(v => v == 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0.weight")]
    [InlineData("my weight")]
    [InlineData("tab\t")]
    public void BadNames_AreRefused(string name)
    {
        FluentActions.Invoking(() => new Parameter(name, 2)).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "name" && e.Message.Contains($"\"{name}\" was given", StringComparison.Ordinal));
    }

    [Fact]
    public void BadSizes_AreRefusedByName()
    {
        FluentActions.Invoking(() => new Parameter("w", 0, 3)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("rows");
        FluentActions.Invoking(() => new Parameter("w", 3, -1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("columns");
        FluentActions.Invoking(() => new Parameter("b", 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("length");
        FluentActions.Invoking(() => new Parameter(null!, 1)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("name");
    }

    [Fact]
    public void ALayerListingAParameterTwice_OrTwoWithOneName_IsRefusedByTheNetwork()
    {
        var p = new Parameter("weight", 2);
        FluentActions.Invoking(() => new Sequential(new Listing(p, p))).Should().Throw<ArgumentException>()
            .WithMessage("Layer 0 (Listing) lists parameter \"weight\" more than once*");
        FluentActions.Invoking(() => new Sequential(new ReLU(), new Listing(new Parameter("a", 1), new Parameter("a", 2)))).Should().Throw<ArgumentException>()
            .WithMessage("Layer 1 (Listing) lists parameter \"a\" more than once*");
        FluentActions.Invoking(() => new Sequential(new Listing([null!]))).Should().Throw<ArgumentException>().WithMessage("Layer 0 (Listing) lists a null parameter*");
    }

    private sealed class Listing(params Parameter[] parameters) : Layer
    {
        public override IReadOnlyList<Parameter> Parameters => parameters;

        public override string ToString() => "Listing";

        protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns) => x.CopyTo(y);

        protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns) => dy.CopyTo(dx);
    }
}
