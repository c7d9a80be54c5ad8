namespace TinyNets.Internal;

/// <summary>
/// A constant weight (m×k) laid out once as the blocked matrix kernel packs it (<see cref="Gemm.Prepack"/>), so that a
/// product with it skips that packing on every call: what a served network's weights need, which never change.
/// </summary>
internal sealed class PackedWeight
{
    public PackedWeight(GemmPath path, int rows, int columns, double[] data)
    {
        Path = path;
        Rows = rows;
        Columns = columns;
        Data = data;
    }

    /// <summary>The kernel it was packed for (its sliver height).</summary>
    public GemmPath Path { get; }

    /// <summary>m: the weight's rows (a layer's outputs).</summary>
    public int Rows { get; }

    /// <summary>k: the weight's columns (a layer's inputs).</summary>
    public int Columns { get; }

    /// <summary>The packed values (padded slivers; see <see cref="GemmBlocked.PackA{TKernel}"/>).</summary>
    public double[] Data { get; }
}
