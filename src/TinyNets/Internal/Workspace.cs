using MathNet.Numerics.LinearAlgebra.Double;

namespace TinyNets.Internal;

/// <summary>
/// A dense matrix that a layer or a loss reuses from pass to pass (its Output, InputGradient or gradient), together with
/// its storage, its owner and the key it was made for. Shape, storage and key are one immutable object, read in one
/// load: a thread that misuses a shared network can pair a matrix with the wrong pass, but never a shape with another
/// matrix's storage, so no kernel is handed extents its spans do not have.
/// </summary>
internal sealed class Workspace : DenseMatrix
{
    public Workspace(int rows, int columns, int key, object owner, WorkspaceRole role)
        : this(rows, columns, new double[Guard.ElementCount(rows, columns, "input", $"The {role} of {owner} for this batch")], key, owner, role)
    {
    }

    private Workspace(int rows, int columns, double[] data, int key, object owner, WorkspaceRole role)
        : base(rows, columns, data)
    {
        Data = data;
        Key = key;
        Owner = owner;
        Role = role;
    }

    /// <summary>The column-major storage (rows × columns values).</summary>
    public double[] Data { get; }

    /// <summary>What the owner matched on besides the columns: the input rows an output was made for, or the rows.</summary>
    public int Key { get; }

    /// <summary>The layer or loss that reuses this matrix.</summary>
    public object Owner { get; }

    /// <summary>What the owner uses it for.</summary>
    public WorkspaceRole Role { get; }
}

/// <summary>What a <see cref="Workspace"/> holds for its owner.</summary>
internal enum WorkspaceRole
{
    /// <summary>A layer's Output.</summary>
    Output,

    /// <summary>A layer's InputGradient.</summary>
    InputGradient,

    /// <summary>A loss's gradient.</summary>
    LossGradient,
}
