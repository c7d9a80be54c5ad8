using TinyNets.Autodiff;

namespace TinyNets.Tests.Autodiff;

/// <summary>
/// What the broader <see cref="ValueTests"/> leave loose in <see cref="Value"/>: the name each operation records in
/// <see cref="Value.Operation"/> (with its value and local derivatives from the closed forms), the titles ToDot gives
/// unlabelled nodes, the escaping of line breaks in labels, and the whole text of the messages for an empty edge list, a
/// non-finite result of a one- or two-operand operation and the logarithm of a non-positive number (with and without a label).
/// </summary>
public class ValueMutationTests
{
    // x = 0.5 and y = 2 throughout: no local derivative is 0 or 1 by accident except where the closed form says so.
    private const double X = 0.5;
    private const double Y = 2.0;

    /// <summary>
    /// One operation on x (and y): the node, the operation name it must record, its value and each local derivative
    /// ∂node/∂parent from the closed form.
    /// </summary>
    private static (Value Node, string Operation, double Data, double[] Local) Build(string expression)
    {
        var x = new Value(X, "x");
        var y = new Value(Y, "y");
        double sig = 1.0 / (1.0 + Math.Exp(-X));
        return expression switch
        {
            "edges" => (Value.FromEdges(7.0, (x, 0.25), (y, -4.0)), "edges", 7.0, new[] { 0.25, -4.0 }),
            "x + y" => (x + y, "+", X + Y, new[] { 1.0, 1.0 }),
            "x + 3" => (x + 3.0, "+", X + 3.0, new[] { 1.0 }),
            "3 + x" => (3.0 + x, "+", 3.0 + X, new[] { 1.0 }),
            "x − y" => (x - y, "−", X - Y, new[] { 1.0, -1.0 }),
            "x − 3" => (x - 3.0, "−", X - 3.0, new[] { 1.0 }),
            "3 − x" => (3.0 - x, "−", 3.0 - X, new[] { -1.0 }),
            "−x" => (-x, "neg", -X, new[] { -1.0 }),
            "x ÷ y" => (x / y, "÷", X / Y, new[] { 1.0 / Y, -X / (Y * Y) }),
            "x ÷ 4" => (x / 4.0, "÷", X / 4.0, new[] { 0.25 }),
            "3 ÷ x" => (3.0 / x, "÷", 3.0 / X, new[] { -3.0 / (X * X) }),
            "exp x" => (x.Exp(), "exp", Math.Exp(X), new[] { Math.Exp(X) }),
            "ln x" => (x.Log(), "ln", Math.Log(X), new[] { 1.0 / X }),
            "sin x" => (x.Sin(), "sin", Math.Sin(X), new[] { Math.Cos(X) }),
            "cos x" => (x.Cos(), "cos", Math.Cos(X), new[] { -Math.Sin(X) }),
            "tanh x" => (x.Tanh(), "tanh", Math.Tanh(X), new[] { 1.0 / (Math.Cosh(X) * Math.Cosh(X)) }),
            "σ x" => (x.Sigmoid(), "σ", sig, new[] { Math.Exp(-X) / ((1.0 + Math.Exp(-X)) * (1.0 + Math.Exp(-X))) }),
            "relu x" => (x.Relu(), "ReLU", X, new[] { 1.0 }),
            "softplus x" => (x.Softplus(), "softplus", Math.Log(1.0 + Math.Exp(X)), new[] { sig }),
            _ => throw new ArgumentOutOfRangeException(nameof(expression), expression, "no such case"),
        };
    }

    [Theory]
    [InlineData("edges")]
    [InlineData("x + y")]
    [InlineData("x + 3")]
    [InlineData("3 + x")]
    [InlineData("x − y")]
    [InlineData("x − 3")]
    [InlineData("3 − x")]
    [InlineData("−x")]
    [InlineData("x ÷ y")]
    [InlineData("x ÷ 4")]
    [InlineData("3 ÷ x")]
    [InlineData("exp x")]
    [InlineData("ln x")]
    [InlineData("sin x")]
    [InlineData("cos x")]
    [InlineData("tanh x")]
    [InlineData("σ x")]
    [InlineData("relu x")]
    [InlineData("softplus x")]
    public void EveryOperation_RecordsItsNameValueAndLocalDerivatives(string expression)
    {
        (Value node, string operation, double data, double[] local) = Build(expression);

        node.Operation.Should().Be(operation, $"the documented name of {expression}");
        node.Data.Should().BeApproximately(data, 1e-14 * (1 + Math.Abs(data)));
        node.LocalDerivatives.Should().HaveCount(local.Length);
        for (int i = 0; i < local.Length; i++)
        {
            node.LocalDerivatives[i].Should().BeApproximately(local[i], 1e-14 * (1 + Math.Abs(local[i])), $"∂/∂ parent {i}");
        }
    }

    [Fact]
    public void ToDot_AnUnlabelledLeafIsTitledLeafAndAnUnlabelledOperationNodeByItsOperation()
    {
        // c = a·b with a = 2 (no label), b = 3: ∂c/∂a = b = 3, ∂c/∂b = a = 2.
        var a = new Value(2.0);
        var b = new Value(3.0, "b");
        Value c = a * b;
        c.Backward();

        string dot = c.ToDot();

        dot.Should().Contain("[label=\"{leaf | data 2 | grad 3}\"];\n", "an unlabelled leaf is titled \"leaf\"");
        dot.Should().Contain("[label=\"{b | data 3 | grad 2}\"];\n", "a labelled leaf is titled by its label alone");
        dot.Should().Contain("[label=\"{× | data 6 | grad 1}\"];\n", "an unlabelled operation node is titled by its operation");
    }

    [Fact]
    public void ToDot_ALineBreakInALabelIsWrittenAsBackslashNAndACarriageReturnIsDropped()
    {
        var a = new Value(1.0, "first\r\nsecond\rthird");

        string dot = a.ToDot();

        dot.Should().Contain("[label=\"{first\\nsecondthird | data 1 | grad 0}\"];\n");
        dot.Split('\n').Should().HaveCount(6, "header, two attribute lines, one node, the closing brace and the empty rest");
    }

    [Fact]
    public void FromEdges_WithoutEdges_ThrowsTheWholeMessage()
    {
        Func<Value> op = () => Value.FromEdges(1.0);

        ArgumentException ex = op.Should().Throw<ArgumentException>().Which;
        ex.ParamName.Should().Be("edges");
        ex.Message.Should().Be("A node needs at least one edge; use new Value(…) for a leaf. (Parameter 'edges')");
    }

    [Fact]
    public void AOneOperandOperationThatOverflows_NamesTheOperandOnceInTheWholeMessage()
    {
        // e¹⁰⁰⁰ > double.MaxValue ≈ e^709.78, and so is its derivative.
        var x = new Value(1000.0, "x");
        Func<Value> op = () => x.Exp();

        op.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "The operation 'exp' on Value(x: data=1000, grad=0) gives value Infinity and local derivative(s) Infinity, Infinity; "
            + "values and derivatives must stay finite.");
    }

    [Fact]
    public void ATwoOperandOperationThatOverflows_NamesBothOperandsInTheWholeMessage()
    {
        // 1e308 + 1e308 = 2e308 > double.MaxValue ≈ 1.8e308; both local derivatives are 1.
        var a = new Value(1e308, "a");
        var b = new Value(1e308, "b");
        Func<Value> op = () => a + b;

        op.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "The operation '+' on Value(a: data=1E+308, grad=0) and Value(b: data=1E+308, grad=0) gives value Infinity "
            + "and local derivative(s) 1, 1; values and derivatives must stay finite.");
    }

    [Fact]
    public void LogOfANonPositiveNumber_ThrowsTheWholeMessage_NamingTheLabelOnlyWhenThereIsOne()
    {
        Func<Value> unlabelled = () => new Value(-2.5).Log();
        Func<Value> labelled = () => new Value(0.0, "x").Log();

        unlabelled.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "The logarithm needs a positive argument; -2.5 was given.");
        labelled.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "The logarithm needs a positive argument; 0 was given for 'x'.");
    }
}
