using System.Runtime.CompilerServices;

namespace TinyNets.Internal;

/// <summary>
/// A few workspaces kept by key and columns, so that alternating shapes (full mini-batches and a smaller last one)
/// reuse their buffers instead of reallocating every epoch. Every hit is one <see cref="Workspace"/>, whose shape and
/// storage cannot come apart, whatever other threads do to the cache.
/// </summary>
internal sealed class MatrixCache
{
    private const int Slots = 4;
    private readonly Workspace?[] _workspaces = new Workspace?[Slots];
    private readonly object _owner;
    private readonly WorkspaceRole _role;
    private int _next;
    private Workspace? _last;

    /// <summary>Creates an empty cache for <paramref name="owner"/> (the layer or loss whose workspaces these are).</summary>
    public MatrixCache(object owner, WorkspaceRole role)
    {
        _owner = owner;
        _role = role;
    }

    /// <summary>Returns a workspace made for (<paramref name="key"/>, <paramref name="columns"/>), contents unspecified;
    /// a new one has <paramref name="rows"/> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Workspace Get(int key, int rows, int columns)
    {
        // The key of the last call first, inlined into the caller: a training loop asks for the same shape batch after
        // batch, and on a net of a few neurons even a call shows.
        Workspace? last = _last;
        if (last is not null && last.Key == key && last.ColumnCount == columns)
        {
            return last;
        }

        return Find(key, rows, columns);
    }

    private Workspace Find(int key, int rows, int columns)
    {
        Workspace?[] workspaces = _workspaces;
        for (int i = 0; i < workspaces.Length; i++)
        {
            Workspace? w = workspaces[i];
            if (w is not null && w.Key == key && w.ColumnCount == columns)
            {
                _last = w;
                return w;
            }
        }

        var created = new Workspace(rows, columns, key, _owner, _role);
        int slot = _next;
        workspaces[(uint)slot % Slots] = created;
        _next = (slot + 1) % Slots;
        _last = created;
        return created;
    }
}
