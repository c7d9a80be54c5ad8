namespace TinyNets.Tests.Parameters;

/// <summary>
/// A parameter's shape and text (PyTorch's "3×2" and "(3)"), its copies, and where a refused value's bad entry is said
/// to be: [row, column] of the matrix as written on paper for a weight (the storage is column-major), [i] for a bias.
/// </summary>
public class ParameterEdgeTests
{
    // Linear(2, 3): weight 3×2, bias (3).
    private static Sequential Net() => new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1)).Initialize(seed: 2);

    [Fact]
    public void WeightAndBias_HaveTheirShapes_AndText()
    {
        Sequential net = Net();
        Parameter weight = net.GetParameter("0.weight"), bias = net.GetParameter("0.bias");
        (weight.Name, weight.Rows, weight.Columns, weight.IsVector, weight.Length).Should().Be(("weight", 3, 2, false, 6));
        (bias.Name, bias.Rows, bias.Columns, bias.IsVector, bias.Length).Should().Be(("bias", 3, 1, true, 3));
        weight.ShapeText.Should().Be("3×2");
        bias.ShapeText.Should().Be("(3)");
        weight.ToString().Should().Be("weight 3×2");
        bias.ToString().Should().Be("bias (3)");
        weight.Value.RowCount.Should().Be(3);
        weight.Value.ColumnCount.Should().Be(2);
        weight.Gradient.RowCount.Should().Be(3);
        weight.Gradient.ColumnCount.Should().Be(2);
    }

    [Fact]
    public void ValueAndData_AreTheSameStorage_ColumnMajor_AndToVectorIsACopy()
    {
        Sequential net = Net();
        net.SetParameter("0.weight", new[,] { { 1.0, 2.0 }, { 3.0, 4.0 }, { 5.0, 6.0 } });
        Parameter weight = net.GetParameter("0.weight");
        weight.Data.ToArray().Should().Equal(1.0, 3.0, 5.0, 2.0, 4.0, 6.0);
        Vector<double> copy = weight.ToVector();
        copy.ToArray().Should().Equal(1.0, 3.0, 5.0, 2.0, 4.0, 6.0);
        copy[0] = 100;
        weight.Value[0, 0].Should().Be(1.0);
        weight.Data[1] = 7;
        weight.Value[1, 0].Should().Be(7.0);

        weight.GradientData[5] = 0.5;
        weight.Gradient[2, 1].Should().Be(0.5);
        weight.ZeroGradient();
        weight.Gradient.ToColumnMajorArray().Should().OnlyContain(g => g == 0);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    public void ANonFiniteWeightEntry_IsNamedByRowAndColumn(int row, int column)
    {
        Sequential net = Net();
        var value = new double[3, 2];
        value[row, column] = double.NaN;
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.weight", value));
        ex.Message.Should().Contain($"entry [{row}, {column}] is NaN");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void ANonFiniteBiasEntry_IsNamedByIndex(int index)
    {
        Sequential net = Net();
        var value = new double[3];
        value[index] = double.PositiveInfinity;
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.bias", value));
        ex.Message.Should().Contain($"entry [{index}] is Infinity");
    }

    [Fact]
    public void AWrongValueKind_IsRefused_SayingWhatToPass()
    {
        Sequential net = Net();
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.bias", new double[3, 1])).Message
            .Should().Contain("vector of shape (3)").And.Contain("3×1").And.Contain("Pass a Vector<double> or double[]");
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.weight", new double[6])).Message
            .Should().Contain("matrix of shape 3×2").And.Contain("length 6").And.Contain("Pass a Matrix<double> or double[,]");
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.bias", new double[4])).Message
            .Should().Contain("Shape (3) was expected").And.Contain("shape (4) was given");
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.weight", new double[2, 3])).Message
            .Should().Contain("Shape 3×2 was expected").And.Contain("shape 2×3 was given");
        Assert.Throws<ArgumentNullException>(() => net.SetParameter("0.weight", (Matrix<double>)null!)).ParamName.Should().Be("value");
    }

    [Fact]
    public void AWeightOfOneRow_OrOneColumn_IsCheckedByItsOwnShape()
    {
        // Rows = 1 and Columns = 1 are where a mix-up of the two would go unnoticed by the shape check alone.
        Sequential net = new Sequential(new Linear(1, 4), new ReLU(), new Linear(4, 1)).Initialize(seed: 2);
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.weight", new double[1, 4])).Message.Should().Contain("Shape 4×1 was expected");
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("2.weight", new double[4, 1])).Message.Should().Contain("Shape 1×4 was expected");
        var value = new double[4, 1];
        value[3, 0] = double.NegativeInfinity;
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.weight", value)).Message.Should().Contain("entry [3, 0] is -Infinity");
        var row = new double[1, 4];
        row[0, 3] = double.NaN;
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("2.weight", row)).Message.Should().Contain("entry [0, 3] is NaN");
    }

    [Fact]
    public void ParameterCount_TotalIsWeightsPlusBiases()
    {
        var count = new ParameterCount(12, 5);
        count.Total.Should().Be(17);
        new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1, bias: false)).CountParameters()
            .Should().Be(new ParameterCount((2 * 3) + 3, 3));
    }
}
