using static TinyNets.Tests.Validation.ValidationSupport;

namespace TinyNets.Tests.Validation;

/// <summary>
/// Bad values for <see cref="Sequential.SetParameter(string, Matrix{double})"/> and its overloads (double[,], Vector, double[]):
/// wrong shape, wrong rank, NaN/∞, unknown name. Each throws naming the parameter, the expected and the given shape or value,
/// and leaves every parameter, gradient and the last pass bit-identical (no partial write).
/// </summary>
public class SetParameterBadInputTests
{
    private static Matrix<double> Filled(int rows, int columns) => Matrix<double>.Build.Dense(rows, columns, (i, j) => 10.0 + i + (0.5 * j));

    private static double[,] Array2D(Matrix<double> m) => m.ToArray();

    // ---------------------------------------------------------------- wrong shape for a weight

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 3)]
    [InlineData(3, 1)]
    [InlineData(1, 2)]
    [InlineData(6, 1)]
    public void Weight_WrongShapeMatrix_ThrowsNamingValueShapesAndName_AndLeavesNetUnchanged(int rows, int columns)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ThrowsArgument(() => net.SetParameter("0.weight", Filled(rows, columns)), "value", "3×2", Shape(rows, columns), "0.weight");
        ThrowsArgument(() => net.SetParameter("0.weight", Array2D(Filled(rows, columns))), "value", "3×2", Shape(rows, columns), "0.weight");

        before.AssertUnchanged();
    }

    [Fact]
    public void Weight_TransposedMatrix_ThrowsNamingBothShapes()
    {
        // The classic orientation slip: "2.weight" is out×in = 1×3; its transpose 3×1 must be refused, not reshaped.
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ThrowsArgument(() => net.SetParameter("2.weight", new[,] { { 0.5 }, { -1.0 }, { 0.25 } }), "value", "1×3", "3×1", "2.weight");

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(6)]
    [InlineData(3)]
    [InlineData(2)]
    public void Weight_GivenAVector_ThrowsNamingValueShapeAndName_AndLeavesNetUnchanged(int length)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);
        double[] values = Enumerable.Range(0, length).Select(i => 1.0 + i).ToArray();

        ArgumentException a = ThrowsArgument(() => net.SetParameter("0.weight", values), "value", "3×2", "0.weight");
        Numbers(a.Message.Replace("3×2", string.Empty, StringComparison.Ordinal)).Should().Contain(length, "the given length must be stated: {0}", a.Message);
        ArgumentException v = ThrowsArgument(() => net.SetParameter("0.weight", Vector<double>.Build.DenseOfArray(values)), "value", "3×2", "0.weight");
        Numbers(v.Message.Replace("3×2", string.Empty, StringComparison.Ordinal)).Should().Contain(length, "the given length must be stated: {0}", v.Message);

        before.AssertUnchanged();
    }

    // ---------------------------------------------------------------- wrong shape for a bias

    [Theory]
    [InlineData(3, 1)]
    [InlineData(1, 3)]
    [InlineData(3, 2)]
    public void Bias_GivenAMatrix_ThrowsNamingValueShapesAndName_AndLeavesNetUnchanged(int rows, int columns)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ThrowsArgument(() => net.SetParameter("0.bias", Filled(rows, columns)), "value", Shape(rows, columns), "0.bias", "3");
        ThrowsArgument(() => net.SetParameter("0.bias", Array2D(Filled(rows, columns))), "value", Shape(rows, columns), "0.bias", "3");

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(1)]
    [InlineData(0)]
    public void Bias_WrongLength_ThrowsNamingValueLengthsAndName_AndLeavesNetUnchanged(int length)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);
        double[] values = Enumerable.Range(0, length).Select(i => 7.0 + i).ToArray();

        ArgumentException a = ThrowsArgument(() => net.SetParameter("0.bias", values), "value", "0.bias");
        MentionsGivenAndExpected(a.Message.Replace("0.bias", string.Empty, StringComparison.Ordinal), length, 3);
        ArgumentException v = ThrowsArgument(() => net.SetParameter("0.bias", Vector<double>.Build.DenseOfArray(values)), "value", "0.bias");
        MentionsGivenAndExpected(v.Message.Replace("0.bias", string.Empty, StringComparison.Ordinal), length, 3);

        before.AssertUnchanged();
    }

    // ---------------------------------------------------------------- NaN / infinity

    public static TheoryData<double, int> NonFiniteAt()
    {
        var data = new TheoryData<double, int>();
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            foreach (int position in new[] { 0, 3, 5 })   // column-major index in the 3×2 weight: first, middle, last
            {
                data.Add(bad, position);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NonFiniteAt))]
    public void Weight_NonFiniteEntry_ThrowsNamingValueNameAndValue_AndLeavesNetUnchanged(double bad, int position)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);
        Matrix<double> value = Filled(3, 2);
        value[position % 3, position / 3] = bad;

        ThrowsArgument(() => net.SetParameter("0.weight", value), "value", "0.weight", Text(bad), "finite");
        ThrowsArgument(() => net.SetParameter("0.weight", Array2D(value)), "value", "0.weight", Text(bad), "finite");

        before.AssertUnchanged();
    }

    [Theory]
    [MemberData(nameof(NonFiniteAt))]
    public void Bias_NonFiniteEntry_ThrowsNamingValueNameAndValue_AndLeavesNetUnchanged(double bad, int position)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);
        double[] value = [10.0, 11.0, 12.0];
        value[position % 3] = bad;

        ThrowsArgument(() => net.SetParameter("0.bias", value), "value", "0.bias", Text(bad), "finite");
        ThrowsArgument(() => net.SetParameter("0.bias", Vector<double>.Build.DenseOfArray(value)), "value", "0.bias", Text(bad), "finite");

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteInTheLastEntry_DoesNotPartiallyWriteTheFirstEntries(double bad)
    {
        // Every entry but the last is a valid new value; a check that ran while copying would have written them already.
        Sequential net = NetAfterGoodPass();
        double[] weightBefore = net.GetParameter("0.weight").ToVector().ToArray();
        double[] biasBefore = net.GetParameter("0.bias").ToVector().ToArray();
        var before = NetworkSnapshot.Take(net);

        Matrix<double> weight = Filled(3, 2);
        weight[2, 1] = bad;                                   // last entry in both row-major and column-major order
        double[] bias = [-5.0, -6.0, bad];

        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.weight", weight));
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.weight", Array2D(weight)));
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.bias", bias));
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.bias", Vector<double>.Build.DenseOfArray(bias)));

        net.GetParameter("0.weight").ToVector().ToArray().Should().Equal(weightBefore);
        net.GetParameter("0.bias").ToVector().ToArray().Should().Equal(biasBefore);
        net.GetParameter("0.weight").Value[0, 0].Should().NotBe(10.0, "the first entry of the rejected value must not have been written");
        net.GetParameter("0.bias").Value[0, 0].Should().NotBe(-5.0, "the first entry of the rejected value must not have been written");
        before.AssertUnchanged();
    }

    [Fact]
    public void AValidSetParameter_AfterARejectedOne_WritesExactlyTheNewValue()
    {
        // Control for the tests above: the same call with the bad entry fixed does change the parameter.
        Sequential net = NetAfterGoodPass();
        Matrix<double> weight = Filled(3, 2);
        weight[2, 1] = double.NaN;
        Assert.ThrowsAny<ArgumentException>(() => net.SetParameter("0.weight", weight));

        weight[2, 1] = 42.0;
        net.SetParameter("0.weight", weight);

        net.GetParameter("0.weight").Value.ToArray().Should().BeEquivalentTo(weight.ToArray());
    }

    // ---------------------------------------------------------------- unknown name

    [Theory]
    [InlineData("1.weight")]    // the ReLU has no parameters
    [InlineData("0.Weight")]    // names are case-sensitive, as in a state_dict
    [InlineData("weight")]
    [InlineData("3.bias")]
    [InlineData("0.weight ")]
    [InlineData("")]
    public void UnknownName_ThrowsNamingNameAndListingKnownNames_AndLeavesNetUnchanged(string unknown)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);
        string[] fragments = [.. NetParameterNames, "\"" + unknown + "\""];

        ThrowsArgument(() => net.SetParameter(unknown, Filled(3, 2)), "name", fragments);
        ThrowsArgument(() => net.SetParameter(unknown, Array2D(Filled(3, 2))), "name", fragments);
        ThrowsArgument(() => net.SetParameter(unknown, new[] { 1.0, 2.0, 3.0 }), "name", fragments);
        ThrowsArgument(() => net.SetParameter(unknown, Vector<double>.Build.Dense(3, 1.0)), "name", fragments);
        ThrowsArgument(() => net.GetParameter(unknown), "name", fragments);
        ThrowsArgument(() => net.GetGradient(unknown), "name", fragments);
        net.TryGetParameter(unknown, out _).Should().BeFalse();

        before.AssertUnchanged();
    }

    [Fact]
    public void UnknownName_OnABiasFreeLayer_ListsOnlyTheNamesThatExist()
    {
        var net = new Sequential(new Linear(2, 3, bias: false));
        var before = NetworkSnapshot.Take(net);

        ArgumentException ex = ThrowsArgument(() => net.SetParameter("0.bias", new[] { 1.0, 2.0, 3.0 }), "name", "\"0.weight\"");
        ex.Message.Split("0.bias").Length.Should().BeLessThanOrEqualTo(2, "\"0.bias\" may appear only as the name that was given: {0}", ex.Message);

        before.AssertUnchanged();
    }

    [Fact]
    public void NullNameOrValue_ThrowsArgumentNullException_AndLeavesNetUnchanged()
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        Assert.Throws<ArgumentNullException>(() => net.SetParameter(null!, Filled(3, 2))).ParamName.Should().Be("name");
        Assert.Throws<ArgumentNullException>(() => net.SetParameter("0.weight", (Matrix<double>)null!)).ParamName.Should().Be("value");
        Assert.Throws<ArgumentNullException>(() => net.SetParameter("0.weight", (double[,])null!)).ParamName.Should().Be("value");
        Assert.Throws<ArgumentNullException>(() => net.SetParameter("0.bias", (double[])null!)).ParamName.Should().Be("value");
        Assert.Throws<ArgumentNullException>(() => net.SetParameter("0.bias", (Vector<double>)null!)).ParamName.Should().Be("value");

        before.AssertUnchanged();
    }
}
