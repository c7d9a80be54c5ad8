using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace TinyNets.Internal;

/// <summary>The implementation <see cref="Gemm.Multiply"/> runs; every one is selectable so that each is tested.</summary>
internal enum GemmPath
{
    /// <summary><see cref="Direct"/> for small products (see <see cref="Gemm.DirectThreshold"/>), else <see cref="Gemm.BlockedPath"/>.</summary>
    Auto = 0,

    /// <summary>Unblocked, unpacked loops (Vector&lt;double&gt; × 4-column register blocks read in place): the cheapest for small products.</summary>
    Direct,

    /// <summary>Cache-blocked and packed, with the Vector&lt;double&gt; micro-kernel (multiply then add) and scalar packing: any platform.</summary>
    Portable,

    /// <summary>Cache-blocked and packed, 8×6 Vector256 + FMA micro-kernel, AVX packing. Needs AVX2 and FMA.</summary>
    Avx2,

    /// <summary>Cache-blocked and packed, 32×6 Vector512 + FMA micro-kernel, AVX packing. Needs AVX-512F.</summary>
    Avx512,
}

/// <summary>
/// Double-precision matrix product with BLAS dgemm semantics on column-major storage:
/// C ← α·op(A)·op(B) + β·C, op(X) = X or Xᵀ, C m×n, op(A) m×k, op(B) k×n, leading dimensions lda, ldb, ldc.
/// As in BLAS, β = 0 overwrites C without reading it (NaN in C does not propagate) and α = 0 or k = 0 reads neither A nor B.
/// Large products run a cache-blocked kernel in the style of GotoBLAS/BLIS (<see cref="GemmBlocked"/>): op(B) is packed
/// panel by panel (KC×NC) into 6-column slivers, op(A) block by block (MC×KC) into 32-row (AVX-512) slivers, and a
/// register-blocked micro-kernel keeps a 32×6 tile of C in 24 vector registers. Packing buffers are per thread and reused, so after the first call of a size a
/// product allocates nothing. Small products skip the packing (<see cref="GemmPath.Direct"/>). Single-threaded; for a
/// given path and shape the result is bit-for-bit reproducible. Unlike Kernels, zeros in B are not skipped, so NaN and ∞
/// in A propagate as in BLAS.
/// </summary>
internal static class Gemm
{
    /// <summary>
    /// With op(A) = A, products with m·n·k below this run <see cref="GemmPath.Direct"/> under <see cref="GemmPath.Auto"/>:
    /// packing and the fixed cost of the blocked driver (~0.1 µs) only pay off from here on. Measured on AVX-512 (ns,
    /// direct vs blocked): 8³ 92 vs 212, 12³ 217 vs 422, 16×32×2 228 vs 263, 16³ 501 vs 459, 10×32×16 964 vs 952,
    /// 16×32×16 975 vs 684, 32³ 3476 vs 1731.
    /// </summary>
    public const long DirectThreshold = 16 * 16 * 16;

    /// <summary>
    /// The same for op(A) = Aᵀ, where the direct path computes scalar dot products and loses early
    /// (4³ 64 vs 112 ns, 8³ 256 vs 206 ns, 16³ 1780 vs 443 ns).
    /// </summary>
    public const long DirectThresholdTransposedA = 8 * 8 * 8;

    /// <summary>The fastest blocked path this machine supports.</summary>
    public static GemmPath BlockedPath { get; } =
        GemmAvx512Kernel.IsSupported ? GemmPath.Avx512 : GemmAvx2Kernel.IsSupported ? GemmPath.Avx2 : GemmPath.Portable;

    /// <summary>Whether <paramref name="path"/> can run on this machine.</summary>
    public static bool IsSupported(GemmPath path) => path switch
    {
        GemmPath.Auto or GemmPath.Direct or GemmPath.Portable => true,
        GemmPath.Avx2 => GemmAvx2Kernel.IsSupported,
        GemmPath.Avx512 => GemmAvx512Kernel.IsSupported,
        _ => false,
    };

    /// <summary>The path <see cref="GemmPath.Auto"/> takes for an m×n×k product.</summary>
    public static GemmPath Resolve(bool transposeA, int m, int n, int k) =>
        (long)m * n * k < (transposeA ? DirectThresholdTransposedA : DirectThreshold) ? GemmPath.Direct : BlockedPath;

    /// <summary>C ← α·op(A)·op(B) + β·C (BLAS dgemm, column-major). See the class summary.</summary>
    /// <param name="transposeA">op(A) = Aᵀ: A is stored k×m (lda ≥ k); otherwise A is stored m×k (lda ≥ m).</param>
    /// <param name="transposeB">op(B) = Bᵀ: B is stored n×k (ldb ≥ n); otherwise B is stored k×n (ldb ≥ k).</param>
    /// <param name="m">Rows of C and of op(A).</param>
    /// <param name="n">Columns of C and of op(B).</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A, column-major; element (i, j) at a[i + j·lda].</param>
    /// <param name="lda">Leading dimension (column stride) of A.</param>
    /// <param name="b">Storage of B, column-major.</param>
    /// <param name="ldb">Leading dimension of B.</param>
    /// <param name="beta">Scale of the old C; 0 overwrites C without reading it.</param>
    /// <param name="c">Storage of C (m×n, column stride ldc); must not overlap A or B.</param>
    /// <param name="ldc">Leading dimension of C (≥ m).</param>
    /// <param name="path">The implementation; <see cref="GemmPath.Auto"/> unless a test or benchmark forces one.</param>
    /// <param name="parallelism">Most threads to use; a blocked product of at least <see cref="ParallelThreshold"/>
    /// multiply-adds is split along the longer side of C into that many parts. Every element of C is computed by the same operations
    /// in the same order whatever the split, so the result is bit-identical to the single-threaded one.</param>
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc,
        GemmPath path = GemmPath.Auto, int parallelism = 1)
    {
        Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == 0.0)
        {
            ScaleC(m, n, beta, ref MemoryMarshal.GetReference(c), ldc);
            return;
        }

        if (path == GemmPath.Auto)
        {
            path = Resolve(transposeA, m, n, k);
        }

        int parts = path == GemmPath.Direct || (long)m * n * k < ParallelThreshold
            ? 1
            : Math.Min(parallelism, Math.Max(m, n) / MinColumnsPerPart);
        if (parts > 1)
        {
            MultiplyInParallel(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, path, parts);
            return;
        }

        Run(path, transposeA, transposeB, m, n, k, alpha, ref MemoryMarshal.GetReference(a), lda, ref MemoryMarshal.GetReference(b), ldb, beta, ref MemoryMarshal.GetReference(c), ldc);
    }

    /// <summary>Products from this many multiply-adds (about 40 µs of work) are worth waking other threads for.</summary>
    public const long ParallelThreshold = 1L << 21;

    // Each part gets at least this many rows or columns of C (several micro-kernel slivers).
    private const int MinColumnsPerPart = 24;

    private static unsafe void MultiplyInParallel(
        bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc,
        GemmPath path, int parts)
    {
        // C is split along its longer side: by rows, each thread packs only its rows of op(A) (a layer's weight);
        // by columns, only its columns of op(B). Either way each element of C sees the same operations in the same order.
        bool byRows = m >= n;
        int extent = byRows ? m : n;
        fixed (double* pa = a, pb = b, pc = c)
        {
            // Spans cannot enter a lambda; the pinned addresses can. Part p owns [p·extent/parts, (p+1)·extent/parts).
            nint aAddress = (nint)pa, bAddress = (nint)pb, cAddress = (nint)pc;
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                int start = (int)((long)extent * part / parts), end = (int)((long)extent * (part + 1) / parts);
                double* partA = (double*)aAddress, partB = (double*)bAddress, partC = (double*)cAddress;
                if (byRows)
                {
                    partA += transposeA ? (long)start * lda : start;
                    partC += start;
                }
                else
                {
                    partB += transposeB ? start : (long)start * ldb;
                    partC += (long)start * ldc;
                }

                Run(path, transposeA, transposeB, byRows ? end - start : m, byRows ? n : end - start, k, alpha,
                    ref *partA, lda, ref *partB, ldb, beta, ref *partC, ldc);
            });
        }
    }

    private static void Run(
        GemmPath path, bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ref double ra, int lda, ref double rb, int ldb, double beta, ref double rc, int ldc)
    {
        switch (path)
        {
            case GemmPath.Direct:
                GemmDirect.Run(transposeA, transposeB, m, n, k, alpha, ref ra, lda, ref rb, ldb, beta, ref rc, ldc);
                break;
            case GemmPath.Portable:
                GemmBlocked.Run<GemmPortableKernel>(transposeA, transposeB, m, n, k, alpha, ref ra, lda, ref rb, ldb, beta, ref rc, ldc, simdPacking: false);
                break;
            case GemmPath.Avx2:
                ThrowIfUnsupported(path);
                GemmBlocked.Run<GemmAvx2Kernel>(transposeA, transposeB, m, n, k, alpha, ref ra, lda, ref rb, ldb, beta, ref rc, ldc, simdPacking: true);
                break;
            case GemmPath.Avx512:
                ThrowIfUnsupported(path);
                GemmBlocked.Run<GemmAvx512Kernel>(transposeA, transposeB, m, n, k, alpha, ref ra, lda, ref rb, ldb, beta, ref rc, ldc, simdPacking: true);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(path), path, "Unknown GemmPath.");
        }
    }

    /// <summary>Y ← W·X + β·Y for a dense layer's forward pass: W m×k, X k×n, Y m×n, all stored without padding.</summary>
    public static void MultiplyInto(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y, int m, int k, int n, double beta = 0.0, int parallelism = 1) =>
        Multiply(false, false, m, n, k, 1.0, w, Math.Max(1, m), x, Math.Max(1, k), beta, y, Math.Max(1, m), parallelism: parallelism);

    /// <summary>G ← D·Xᵀ + β·G (a weight gradient): D m×n, X k×n, G m×k, all stored without padding.</summary>
    public static void MultiplyTransposedRightInto(ReadOnlySpan<double> d, ReadOnlySpan<double> x, Span<double> g, int m, int k, int n, double beta = 0.0, int parallelism = 1) =>
        Multiply(false, true, m, k, n, 1.0, d, Math.Max(1, m), x, Math.Max(1, k), beta, g, Math.Max(1, m), parallelism: parallelism);

    /// <summary>R ← Wᵀ·D + β·R (an input gradient): W m×k, D m×n, R k×n, all stored without padding.</summary>
    public static void MultiplyTransposedLeftInto(ReadOnlySpan<double> w, ReadOnlySpan<double> d, Span<double> r, int m, int k, int n, double beta = 0.0, int parallelism = 1) =>
        Multiply(true, false, k, n, m, 1.0, w, Math.Max(1, m), d, Math.Max(1, m), beta, r, Math.Max(1, k), parallelism: parallelism);

    /// <summary>C ← β·C (β = 0 clears C without reading it).</summary>
    internal static void ScaleC(int m, int n, double beta, ref double c, nint ldc)
    {
        for (int j = 0; j < n; j++)
        {
            Span<double> column = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref c, j * ldc), m);
            if (beta == 0.0)
            {
                column.Clear();
            }
            else if (beta != 1.0)
            {
                for (int i = 0; i < column.Length; i++)
                {
                    column[i] *= beta;
                }
            }
        }
    }

    private static void ThrowIfUnsupported(GemmPath path)
    {
        if (!IsSupported(path))
        {
            throw new PlatformNotSupportedException($"GemmPath.{path} needs instructions this processor lacks; GemmPath.{BlockedPath} is the best it runs.");
        }
    }

    private static void Validate(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(a, nameof(a), transposeA ? k : m, transposeA ? m : k, lda, nameof(lda));
        CheckOperand(b, nameof(b), transposeB ? n : k, transposeB ? k : n, ldb, nameof(ldb));
        CheckOperand(c, nameof(c), m, n, ldc, nameof(ldc));
        if (m > 0 && n > 0 && k > 0 && (c.Overlaps(a) || c.Overlaps(b)))
        {
            throw new ArgumentException("The storage of C overlaps that of A or B; the product needs a separate output.", nameof(c));
        }
    }

    private static void CheckOperand(ReadOnlySpan<double> storage, string name, int rows, int columns, int ld, string ldName)
    {
        if (ld < Math.Max(1, rows))
        {
            throw new ArgumentOutOfRangeException(ldName, ld, string.Create(CultureInfo.InvariantCulture,
                $"The leading dimension of '{name}' must be at least max(1, {rows}) (its stored rows); {ld} was given."));
        }

        long needed = rows == 0 || columns == 0 ? 0 : ((long)(columns - 1) * ld) + rows;
        if (storage.Length < needed)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"'{name}' holds {storage.Length} values; a {rows}×{columns} matrix with leading dimension {ld} needs {needed}."), name);
        }
    }
}

/// <summary>Per-thread packing buffers of <see cref="GemmBlocked"/>, 64-byte aligned, grown on demand and then reused.</summary>
internal sealed class GemmWorkspace
{
    [ThreadStatic]
    private static GemmWorkspace? t_current;

    private double[] _a = [];
    private int _aStart;
    private double[] _b = [];
    private int _bStart;
    private double[] _tile = [];
    private int _tileStart;

    /// <summary>The calling thread's workspace.</summary>
    public static GemmWorkspace Current => t_current ??= new GemmWorkspace();

    public ref double PackedA(int length) => ref Get(ref _a, ref _aStart, length);

    public ref double PackedB(int length) => ref Get(ref _b, ref _bStart, length);

    public ref double Tile(int length) => ref Get(ref _tile, ref _tileStart, length);

    private static ref double Get(ref double[] buffer, ref int start, int length)
    {
        if (buffer.Length - start < length)
        {
            // Pinned (pinned-object heap) so the address, and with it the alignment, never changes.
            int capacity = Math.Max(length, 2 * (buffer.Length - start));
            buffer = GC.AllocateUninitializedArray<double>(capacity + 8, pinned: true);
            long address = Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0).ToInt64();
            start = (int)(((64 - (address & 63)) & 63) / sizeof(double));
        }

        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), start);
    }
}

/// <summary>The interface of a register-blocked micro-kernel; the blocked driver is specialised per kernel type.</summary>
internal interface IGemmKernel
{
    /// <summary>Doubles per vector register.</summary>
    static abstract int Width { get; }

    /// <summary>Vectors per column of the largest tile: its height MR is MaxVectors·Width.</summary>
    static abstract int MaxVectors { get; }

    /// <summary>Columns of a tile.</summary>
    static abstract int NR { get; }

    /// <summary>Whether the processor has the instructions.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>Whether a tile with β ≠ 0 stores β·C + α·T as one fused multiply-add (rounded once).</summary>
    static abstract bool FusesBeta { get; }

    /// <summary>
    /// C[0..vectors·Width, 0..NR] ← α·Σ_p a[p·vectors·Width + i]·b[p·NR + j] + β·C over kc steps; β = 0 never reads C.
    /// </summary>
    static abstract void Run(int vectors, int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta);
}
