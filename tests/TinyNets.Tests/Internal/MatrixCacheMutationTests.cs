using TinyNets.Internal;

namespace TinyNets.Tests.Internal;

/// <summary>
/// The workspace cache: a workspace carries its owner and role, a hit needs both key and columns to match, any of
/// the four kept shapes is found again (not only the last), and a fifth shape evicts the oldest.
/// </summary>
public class MatrixCacheMutationTests
{
    [Fact]
    public void Get_ANewWorkspace_HasTheShapeKeyOwnerAndRoleAsked()
    {
        var owner = new object();
        var cache = new MatrixCache(owner, WorkspaceRole.InputGradient);

        Workspace w = cache.Get(7, 3, 2);

        w.RowCount.Should().Be(3);
        w.ColumnCount.Should().Be(2);
        w.Key.Should().Be(7);
        w.Owner.Should().BeSameAs(owner);
        w.Role.Should().Be(WorkspaceRole.InputGradient);
    }

    [Fact]
    public void Get_AnotherColumnCountOrKey_IsNotTheLastWorkspace()
    {
        var cache = new MatrixCache(new object(), WorkspaceRole.Output);
        Workspace first = cache.Get(1, 3, 2);

        Workspace wider = cache.Get(1, 3, 5);
        wider.ColumnCount.Should().Be(5);
        wider.Should().NotBeSameAs(first);

        Workspace otherKey = cache.Get(2, 3, 5);
        otherKey.Key.Should().Be(2);
        otherKey.Should().NotBeSameAs(wider);
    }

    [Fact]
    public void Get_FindsEachOfFourKeptShapesAgain_AndMatchesKeyAndColumns()
    {
        var cache = new MatrixCache(new object(), WorkspaceRole.Output);
        Workspace a = cache.Get(1, 3, 2);
        Workspace b = cache.Get(2, 3, 2);
        Workspace c = cache.Get(1, 3, 4);
        Workspace d = cache.Get(2, 3, 4);

        cache.Get(1, 3, 2).Should().BeSameAs(a);
        cache.Get(2, 3, 2).Should().BeSameAs(b);
        cache.Get(1, 3, 4).Should().BeSameAs(c);
        cache.Get(2, 3, 4).Should().BeSameAs(d);
        cache.Get(1, 3, 2).Should().BeSameAs(a);
    }

    [Fact]
    public void Get_AFifthShape_EvictsTheOldest_AndKeepsTheOthers()
    {
        var cache = new MatrixCache(new object(), WorkspaceRole.Output);
        Workspace[] kept = Enumerable.Range(1, 4).Select(k => cache.Get(k, 2, 1)).ToArray();

        Workspace fifth = cache.Get(5, 2, 1);

        fifth.Key.Should().Be(5);
        cache.Get(2, 2, 1).Should().BeSameAs(kept[1]);
        cache.Get(3, 2, 1).Should().BeSameAs(kept[2]);
        cache.Get(4, 2, 1).Should().BeSameAs(kept[3]);
        cache.Get(5, 2, 1).Should().BeSameAs(fifth);
        cache.Get(1, 2, 1).Should().NotBeSameAs(kept[0]);
    }
}
