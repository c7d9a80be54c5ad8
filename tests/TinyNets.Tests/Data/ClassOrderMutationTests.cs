using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>
/// Renumbering classes and the computed column lists of <see cref="LabeledData"/>: messages pinned whole (specified
/// text), the class row renumbered when it is target row 0, names that are prefixes of one another or start with the
/// same (possibly unpaired surrogate) unit ordered by code point as NumPy's <c>np.unique</c> orders strings, and the
/// lists' indexers refusing indices outside [0, Count).
/// </summary>
public class ClassOrderMutationTests
{
    private const string NoClasses = "This data has no categorical target (DelimitedFileOptions.CategoricalColumn), so it has no classes to order.";

    // The categorical column is the last and only target, so the class indices are row 0 of Targets; b (0), a (1).
    private static LabeledData TwoClasses() => DelimitedFile.Parse("1,b\n2,a\n3,b\n", new DelimitedFileOptions { CategoricalColumn = 1 });

    private static LabeledData Regression() => DelimitedFile.Parse("1,2,3\n4,5,6\n");

    [Fact]
    public void WithClassOrder_NullList_IsRefusedByName()
    {
        Action act = () => TwoClasses().WithClassOrder(null!);

        act.Should().ThrowExactly<ArgumentNullException>().Which.ParamName.Should().Be("classNames");
    }

    [Fact]
    public void WithClassOrder_DataWithoutClasses_SaysSo()
    {
        Action act = () => Regression().WithClassOrder(["a"]);

        act.Should().ThrowExactly<InvalidOperationException>().WithMessage(NoClasses);
    }

    [Fact]
    public void WithSortedClassNames_DataWithoutClasses_SaysSo()
    {
        Action act = () => Regression().WithSortedClassNames();

        act.Should().ThrowExactly<InvalidOperationException>().WithMessage(NoClasses);
    }

    [Fact]
    public void WithClassOrder_ANullName_IsShownAsNull()
    {
        Action act = () => TwoClasses().WithClassOrder(["a", null!]);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("Name 1 of 'classNames' is null, which is not a class of the data (b, a). (Parameter 'classNames')");
    }

    [Fact]
    public void WithClassOrder_RenumbersTheClassRow_WhenItIsTargetRowZero()
    {
        LabeledData data = TwoClasses();

        LabeledData reordered = data.WithClassOrder(["a", "b"]);

        // b was 0 and a 1; now a is 0 and b 1.
        reordered.ClassIndices.Should().Equal(1, 0, 1);
        reordered.Targets.RowCount.Should().Be(1);
        reordered.Targets.Row(0).ToArray().Should().Equal(1, 0, 1);
        data.Targets.Row(0).ToArray().Should().Equal(0, 1, 0);
    }

    [Theory]
    [InlineData("abc", "ab")]
    [InlineData("ab", "abc")]
    public void WithSortedClassNames_APrefixSortsFirst(string first, string second)
    {
        // np.unique(["abc", "ab"]) is ["ab", "abc"]: a proper prefix sorts first, whichever of the two appears first.
        LabeledData data = DelimitedFile.Parse($"1,{first}\n2,{second}\n", new DelimitedFileOptions { CategoricalColumn = 1 });

        data.WithSortedClassNames().ClassNames.Should().Equal("ab", "abc");
    }

    [Fact]
    public void WithSortedClassNames_AnUnpairedSurrogateCountsAsItsUnit_AndTheNextUnitsDecide()
    {
        // "\uD800" followed by a letter is no surrogate pair: it compares as the code unit 0xD800, then 'b' > 'a'.
        LabeledData data = DelimitedFile.Parse("1,\uD800b\n2,\uD800a\n", new DelimitedFileOptions { CategoricalColumn = 1 });

        data.WithSortedClassNames().ClassNames.Should().Equal("\uD800a", "\uD800b");
    }

    [Fact]
    public void FeatureColumns_RefuseAnIndexOutsideTheList()
    {
        // Three columns, the last a target: the feature columns are 0 and 1.
        LabeledData data = Regression();
        data.FeatureColumns.Should().Equal(0, 1);

        Action negative = () => _ = data.FeatureColumns[-1];
        Action pastTheEnd = () => _ = data.FeatureColumns[2];

        negative.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("index");
        pastTheEnd.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("index");
    }

    [Fact]
    public void GeneratedColumnNames_RefuseAnIndexOutsideTheList()
    {
        LabeledData data = Regression();
        data.ColumnNames.Should().Equal("c0", "c1", "c2");

        Action negative = () => _ = data.ColumnNames[-1];
        Action pastTheEnd = () => _ = data.ColumnNames[3];

        negative.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("index");
        pastTheEnd.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("index");
    }
}
