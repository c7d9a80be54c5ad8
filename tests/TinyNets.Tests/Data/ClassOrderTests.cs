using TinyNets.Data;

namespace TinyNets.Tests.Data;

public class ClassOrderTests
{
    // Labels in order of first appearance: b (0), a (1), c (2); the class is the middle of three columns, a target.
    private static LabeledData Load() => DelimitedFile.Parse(
        "x,label,z\n1,b,10\n2,a,20\n3,c,30\n4,a,40\n",
        new DelimitedFileOptions { HasHeader = true, TargetColumns = [2, 1], CategoricalColumn = 1 });

    [Fact]
    public void Classes_are_numbered_by_first_appearance_unless_reordered()
    {
        LabeledData data = Load();
        data.ClassNames.Should().Equal("b", "a", "c");
        data.ClassIndices.Should().Equal(0, 1, 2, 1);

        LabeledData sorted = data.WithSortedClassNames();

        sorted.ClassNames.Should().Equal("a", "b", "c");
        // b → 1, a → 0, c → 2, in the indices and in the class row (target row 1) of the targets; row 0 stays.
        sorted.ClassIndices.Should().Equal(1, 0, 2, 0);
        sorted.Targets.Row(1).ToArray().Should().Equal(1, 0, 2, 0);
        sorted.Targets.Row(0).ToArray().Should().Equal(10, 20, 30, 40);
        sorted.Features.Should().BeSameAs(data.Features);
        sorted.TargetNames.Should().Equal("z", "label");
        // The original is unchanged.
        data.ClassIndices.Should().Equal(0, 1, 2, 1);
        data.Targets.Row(1).ToArray().Should().Equal(0, 1, 2, 1);

        LabeledData custom = data.WithClassOrder(["c", "b", "a"]);
        custom.ClassIndices.Should().Equal(1, 2, 0, 2);
        custom.Targets.Row(1).ToArray().Should().Equal(1, 2, 0, 2);
    }

    [Fact]
    public void Sorting_is_by_code_point_as_numpy_sorts_strings()
    {
        // UTF-16 ordinal order puts the surrogate pair of 😀 (U+1F600, units D83D DE00) before U+FF01; code points do not.
        LabeledData data = DelimitedFile.Parse("1,😀\n2,\uFF01\n3,B\n4,a\n5,Z\n", new DelimitedFileOptions { CategoricalColumn = 1 });

        data.WithSortedClassNames().ClassNames.Should().Equal("B", "Z", "a", "\uFF01", "😀");
    }

    [Fact]
    public void A_wrong_order_is_refused_and_changes_nothing()
    {
        LabeledData data = Load();
        FluentActions.Invoking(() => data.WithClassOrder(["a", "b"]))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "classNames" && e.Message.Contains("3 classes") && e.Message.Contains("2 names"));
        FluentActions.Invoking(() => data.WithClassOrder(["a", "b", "d"]))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("\"d\"").And.Contain("b, a, c");
        FluentActions.Invoking(() => data.WithClassOrder(["a", "b", "a"]))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("already given at position 0");
        FluentActions.Invoking(() => DelimitedFile.Parse("1,2\n").WithSortedClassNames()).Should().Throw<InvalidOperationException>();
        data.ClassNames.Should().Equal("b", "a", "c");
    }
}
