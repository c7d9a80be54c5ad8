// The micro-kernels of Gemm, written out register by register: the JIT keeps every local below in a vector register
// (24 accumulators + 4 A vectors + 1 broadcast for the 32×6 AVX-512 tile, 12 + 2 + 1 for the 8×6 AVX2 tile). They were
// produced by a short script and are ordinary C#: edit them as code, keeping the pattern.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyNets.Internal;

/// <summary>AVX-512F micro-kernels: up to 32×6 tiles of Vector512 accumulators updated with FMA.</summary>
internal readonly struct GemmAvx512Kernel : IGemmKernel
{
    public static int Width => 8;

    public static int MaxVectors => 4;

    public static int NR => 6;

    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    public static bool FusesBeta => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(int vectors, int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta)
    {
        switch (vectors)
        {
            case 4:
                Tile4x6(kc, ref a, ref b, ref c, ldc, alpha, beta);
                break;
            case 3:
                Tile3x6(kc, ref a, ref b, ref c, ldc, alpha, beta);
                break;
            case 2:
                Tile2x6(kc, ref a, ref b, ref c, ldc, alpha, beta);
                break;
            default:
                Tile1x6(kc, ref a, ref b, ref c, ldc, alpha, beta);
                break;
        }
    }

    /// <summary>A 32×6 tile: C = α·(A sliver · B sliver) + β·C over <paramref name="kc"/> steps; β = 0 never reads C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x6(int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta)
    {
        Vector512<double> c00 = default, c10 = default, c20 = default, c30 = default;
        Vector512<double> c01 = default, c11 = default, c21 = default, c31 = default;
        Vector512<double> c02 = default, c12 = default, c22 = default, c32 = default;
        Vector512<double> c03 = default, c13 = default, c23 = default, c33 = default;
        Vector512<double> c04 = default, c14 = default, c24 = default, c34 = default;
        Vector512<double> c05 = default, c15 = default, c25 = default, c35 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<double> a0 = Vector512.LoadUnsafe(ref a);
            Vector512<double> a1 = Vector512.LoadUnsafe(ref a, 8);
            Vector512<double> a2 = Vector512.LoadUnsafe(ref a, 16);
            Vector512<double> a3 = Vector512.LoadUnsafe(ref a, 24);
            Vector512<double> b0 = Vector512.Create(b);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            Vector512<double> b1 = Vector512.Create(Unsafe.Add(ref b, 1));
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            Vector512<double> b2 = Vector512.Create(Unsafe.Add(ref b, 2));
            c02 = Avx512F.FusedMultiplyAdd(a0, b2, c02);
            c12 = Avx512F.FusedMultiplyAdd(a1, b2, c12);
            c22 = Avx512F.FusedMultiplyAdd(a2, b2, c22);
            c32 = Avx512F.FusedMultiplyAdd(a3, b2, c32);
            Vector512<double> b3 = Vector512.Create(Unsafe.Add(ref b, 3));
            c03 = Avx512F.FusedMultiplyAdd(a0, b3, c03);
            c13 = Avx512F.FusedMultiplyAdd(a1, b3, c13);
            c23 = Avx512F.FusedMultiplyAdd(a2, b3, c23);
            c33 = Avx512F.FusedMultiplyAdd(a3, b3, c33);
            Vector512<double> b4 = Vector512.Create(Unsafe.Add(ref b, 4));
            c04 = Avx512F.FusedMultiplyAdd(a0, b4, c04);
            c14 = Avx512F.FusedMultiplyAdd(a1, b4, c14);
            c24 = Avx512F.FusedMultiplyAdd(a2, b4, c24);
            c34 = Avx512F.FusedMultiplyAdd(a3, b4, c34);
            Vector512<double> b5 = Vector512.Create(Unsafe.Add(ref b, 5));
            c05 = Avx512F.FusedMultiplyAdd(a0, b5, c05);
            c15 = Avx512F.FusedMultiplyAdd(a1, b5, c15);
            c25 = Avx512F.FusedMultiplyAdd(a2, b5, c25);
            c35 = Avx512F.FusedMultiplyAdd(a3, b5, c35);
            a = ref Unsafe.Add(ref a, 32);
            b = ref Unsafe.Add(ref b, 6);
        }

        Vector512<double> va = Vector512.Create(alpha);
        if (beta == 0.0)
        {
            ref double d0 = ref c;
            (va * c00).StoreUnsafe(ref d0);
            (va * c10).StoreUnsafe(ref d0, 8);
            (va * c20).StoreUnsafe(ref d0, 16);
            (va * c30).StoreUnsafe(ref d0, 24);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            (va * c01).StoreUnsafe(ref d1);
            (va * c11).StoreUnsafe(ref d1, 8);
            (va * c21).StoreUnsafe(ref d1, 16);
            (va * c31).StoreUnsafe(ref d1, 24);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            (va * c02).StoreUnsafe(ref d2);
            (va * c12).StoreUnsafe(ref d2, 8);
            (va * c22).StoreUnsafe(ref d2, 16);
            (va * c32).StoreUnsafe(ref d2, 24);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            (va * c03).StoreUnsafe(ref d3);
            (va * c13).StoreUnsafe(ref d3, 8);
            (va * c23).StoreUnsafe(ref d3, 16);
            (va * c33).StoreUnsafe(ref d3, 24);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            (va * c04).StoreUnsafe(ref d4);
            (va * c14).StoreUnsafe(ref d4, 8);
            (va * c24).StoreUnsafe(ref d4, 16);
            (va * c34).StoreUnsafe(ref d4, 24);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            (va * c05).StoreUnsafe(ref d5);
            (va * c15).StoreUnsafe(ref d5, 8);
            (va * c25).StoreUnsafe(ref d5, 16);
            (va * c35).StoreUnsafe(ref d5, 24);
        }
        else
        {
            Vector512<double> vb = Vector512.Create(beta);
            ref double d0 = ref c;
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d0), (va * c00)).StoreUnsafe(ref d0);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d0, 8), (va * c10)).StoreUnsafe(ref d0, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d0, 16), (va * c20)).StoreUnsafe(ref d0, 16);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d0, 24), (va * c30)).StoreUnsafe(ref d0, 24);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d1), (va * c01)).StoreUnsafe(ref d1);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d1, 8), (va * c11)).StoreUnsafe(ref d1, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d1, 16), (va * c21)).StoreUnsafe(ref d1, 16);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d1, 24), (va * c31)).StoreUnsafe(ref d1, 24);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d2), (va * c02)).StoreUnsafe(ref d2);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d2, 8), (va * c12)).StoreUnsafe(ref d2, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d2, 16), (va * c22)).StoreUnsafe(ref d2, 16);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d2, 24), (va * c32)).StoreUnsafe(ref d2, 24);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d3), (va * c03)).StoreUnsafe(ref d3);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d3, 8), (va * c13)).StoreUnsafe(ref d3, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d3, 16), (va * c23)).StoreUnsafe(ref d3, 16);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d3, 24), (va * c33)).StoreUnsafe(ref d3, 24);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d4), (va * c04)).StoreUnsafe(ref d4);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d4, 8), (va * c14)).StoreUnsafe(ref d4, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d4, 16), (va * c24)).StoreUnsafe(ref d4, 16);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d4, 24), (va * c34)).StoreUnsafe(ref d4, 24);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d5), (va * c05)).StoreUnsafe(ref d5);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d5, 8), (va * c15)).StoreUnsafe(ref d5, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d5, 16), (va * c25)).StoreUnsafe(ref d5, 16);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d5, 24), (va * c35)).StoreUnsafe(ref d5, 24);
        }
    }

    /// <summary>A 24×6 tile: C = α·(A sliver · B sliver) + β·C over <paramref name="kc"/> steps; β = 0 never reads C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile3x6(int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta)
    {
        Vector512<double> c00 = default, c10 = default, c20 = default;
        Vector512<double> c01 = default, c11 = default, c21 = default;
        Vector512<double> c02 = default, c12 = default, c22 = default;
        Vector512<double> c03 = default, c13 = default, c23 = default;
        Vector512<double> c04 = default, c14 = default, c24 = default;
        Vector512<double> c05 = default, c15 = default, c25 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<double> a0 = Vector512.LoadUnsafe(ref a);
            Vector512<double> a1 = Vector512.LoadUnsafe(ref a, 8);
            Vector512<double> a2 = Vector512.LoadUnsafe(ref a, 16);
            Vector512<double> b0 = Vector512.Create(b);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            Vector512<double> b1 = Vector512.Create(Unsafe.Add(ref b, 1));
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            Vector512<double> b2 = Vector512.Create(Unsafe.Add(ref b, 2));
            c02 = Avx512F.FusedMultiplyAdd(a0, b2, c02);
            c12 = Avx512F.FusedMultiplyAdd(a1, b2, c12);
            c22 = Avx512F.FusedMultiplyAdd(a2, b2, c22);
            Vector512<double> b3 = Vector512.Create(Unsafe.Add(ref b, 3));
            c03 = Avx512F.FusedMultiplyAdd(a0, b3, c03);
            c13 = Avx512F.FusedMultiplyAdd(a1, b3, c13);
            c23 = Avx512F.FusedMultiplyAdd(a2, b3, c23);
            Vector512<double> b4 = Vector512.Create(Unsafe.Add(ref b, 4));
            c04 = Avx512F.FusedMultiplyAdd(a0, b4, c04);
            c14 = Avx512F.FusedMultiplyAdd(a1, b4, c14);
            c24 = Avx512F.FusedMultiplyAdd(a2, b4, c24);
            Vector512<double> b5 = Vector512.Create(Unsafe.Add(ref b, 5));
            c05 = Avx512F.FusedMultiplyAdd(a0, b5, c05);
            c15 = Avx512F.FusedMultiplyAdd(a1, b5, c15);
            c25 = Avx512F.FusedMultiplyAdd(a2, b5, c25);
            a = ref Unsafe.Add(ref a, 24);
            b = ref Unsafe.Add(ref b, 6);
        }

        Vector512<double> va = Vector512.Create(alpha);
        if (beta == 0.0)
        {
            ref double d0 = ref c;
            (va * c00).StoreUnsafe(ref d0);
            (va * c10).StoreUnsafe(ref d0, 8);
            (va * c20).StoreUnsafe(ref d0, 16);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            (va * c01).StoreUnsafe(ref d1);
            (va * c11).StoreUnsafe(ref d1, 8);
            (va * c21).StoreUnsafe(ref d1, 16);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            (va * c02).StoreUnsafe(ref d2);
            (va * c12).StoreUnsafe(ref d2, 8);
            (va * c22).StoreUnsafe(ref d2, 16);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            (va * c03).StoreUnsafe(ref d3);
            (va * c13).StoreUnsafe(ref d3, 8);
            (va * c23).StoreUnsafe(ref d3, 16);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            (va * c04).StoreUnsafe(ref d4);
            (va * c14).StoreUnsafe(ref d4, 8);
            (va * c24).StoreUnsafe(ref d4, 16);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            (va * c05).StoreUnsafe(ref d5);
            (va * c15).StoreUnsafe(ref d5, 8);
            (va * c25).StoreUnsafe(ref d5, 16);
        }
        else
        {
            Vector512<double> vb = Vector512.Create(beta);
            ref double d0 = ref c;
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d0), (va * c00)).StoreUnsafe(ref d0);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d0, 8), (va * c10)).StoreUnsafe(ref d0, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d0, 16), (va * c20)).StoreUnsafe(ref d0, 16);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d1), (va * c01)).StoreUnsafe(ref d1);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d1, 8), (va * c11)).StoreUnsafe(ref d1, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d1, 16), (va * c21)).StoreUnsafe(ref d1, 16);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d2), (va * c02)).StoreUnsafe(ref d2);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d2, 8), (va * c12)).StoreUnsafe(ref d2, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d2, 16), (va * c22)).StoreUnsafe(ref d2, 16);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d3), (va * c03)).StoreUnsafe(ref d3);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d3, 8), (va * c13)).StoreUnsafe(ref d3, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d3, 16), (va * c23)).StoreUnsafe(ref d3, 16);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d4), (va * c04)).StoreUnsafe(ref d4);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d4, 8), (va * c14)).StoreUnsafe(ref d4, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d4, 16), (va * c24)).StoreUnsafe(ref d4, 16);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d5), (va * c05)).StoreUnsafe(ref d5);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d5, 8), (va * c15)).StoreUnsafe(ref d5, 8);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d5, 16), (va * c25)).StoreUnsafe(ref d5, 16);
        }
    }

    /// <summary>A 16×6 tile: C = α·(A sliver · B sliver) + β·C over <paramref name="kc"/> steps; β = 0 never reads C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile2x6(int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta)
    {
        Vector512<double> c00 = default, c10 = default;
        Vector512<double> c01 = default, c11 = default;
        Vector512<double> c02 = default, c12 = default;
        Vector512<double> c03 = default, c13 = default;
        Vector512<double> c04 = default, c14 = default;
        Vector512<double> c05 = default, c15 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<double> a0 = Vector512.LoadUnsafe(ref a);
            Vector512<double> a1 = Vector512.LoadUnsafe(ref a, 8);
            Vector512<double> b0 = Vector512.Create(b);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            Vector512<double> b1 = Vector512.Create(Unsafe.Add(ref b, 1));
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            Vector512<double> b2 = Vector512.Create(Unsafe.Add(ref b, 2));
            c02 = Avx512F.FusedMultiplyAdd(a0, b2, c02);
            c12 = Avx512F.FusedMultiplyAdd(a1, b2, c12);
            Vector512<double> b3 = Vector512.Create(Unsafe.Add(ref b, 3));
            c03 = Avx512F.FusedMultiplyAdd(a0, b3, c03);
            c13 = Avx512F.FusedMultiplyAdd(a1, b3, c13);
            Vector512<double> b4 = Vector512.Create(Unsafe.Add(ref b, 4));
            c04 = Avx512F.FusedMultiplyAdd(a0, b4, c04);
            c14 = Avx512F.FusedMultiplyAdd(a1, b4, c14);
            Vector512<double> b5 = Vector512.Create(Unsafe.Add(ref b, 5));
            c05 = Avx512F.FusedMultiplyAdd(a0, b5, c05);
            c15 = Avx512F.FusedMultiplyAdd(a1, b5, c15);
            a = ref Unsafe.Add(ref a, 16);
            b = ref Unsafe.Add(ref b, 6);
        }

        Vector512<double> va = Vector512.Create(alpha);
        if (beta == 0.0)
        {
            ref double d0 = ref c;
            (va * c00).StoreUnsafe(ref d0);
            (va * c10).StoreUnsafe(ref d0, 8);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            (va * c01).StoreUnsafe(ref d1);
            (va * c11).StoreUnsafe(ref d1, 8);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            (va * c02).StoreUnsafe(ref d2);
            (va * c12).StoreUnsafe(ref d2, 8);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            (va * c03).StoreUnsafe(ref d3);
            (va * c13).StoreUnsafe(ref d3, 8);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            (va * c04).StoreUnsafe(ref d4);
            (va * c14).StoreUnsafe(ref d4, 8);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            (va * c05).StoreUnsafe(ref d5);
            (va * c15).StoreUnsafe(ref d5, 8);
        }
        else
        {
            Vector512<double> vb = Vector512.Create(beta);
            ref double d0 = ref c;
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d0), (va * c00)).StoreUnsafe(ref d0);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d0, 8), (va * c10)).StoreUnsafe(ref d0, 8);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d1), (va * c01)).StoreUnsafe(ref d1);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d1, 8), (va * c11)).StoreUnsafe(ref d1, 8);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d2), (va * c02)).StoreUnsafe(ref d2);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d2, 8), (va * c12)).StoreUnsafe(ref d2, 8);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d3), (va * c03)).StoreUnsafe(ref d3);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d3, 8), (va * c13)).StoreUnsafe(ref d3, 8);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d4), (va * c04)).StoreUnsafe(ref d4);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d4, 8), (va * c14)).StoreUnsafe(ref d4, 8);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d5), (va * c05)).StoreUnsafe(ref d5);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d5, 8), (va * c15)).StoreUnsafe(ref d5, 8);
        }
    }

    /// <summary>A 8×6 tile: C = α·(A sliver · B sliver) + β·C over <paramref name="kc"/> steps; β = 0 never reads C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x6(int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta)
    {
        Vector512<double> c00 = default;
        Vector512<double> c01 = default;
        Vector512<double> c02 = default;
        Vector512<double> c03 = default;
        Vector512<double> c04 = default;
        Vector512<double> c05 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<double> a0 = Vector512.LoadUnsafe(ref a);
            Vector512<double> b0 = Vector512.Create(b);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            Vector512<double> b1 = Vector512.Create(Unsafe.Add(ref b, 1));
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            Vector512<double> b2 = Vector512.Create(Unsafe.Add(ref b, 2));
            c02 = Avx512F.FusedMultiplyAdd(a0, b2, c02);
            Vector512<double> b3 = Vector512.Create(Unsafe.Add(ref b, 3));
            c03 = Avx512F.FusedMultiplyAdd(a0, b3, c03);
            Vector512<double> b4 = Vector512.Create(Unsafe.Add(ref b, 4));
            c04 = Avx512F.FusedMultiplyAdd(a0, b4, c04);
            Vector512<double> b5 = Vector512.Create(Unsafe.Add(ref b, 5));
            c05 = Avx512F.FusedMultiplyAdd(a0, b5, c05);
            a = ref Unsafe.Add(ref a, 8);
            b = ref Unsafe.Add(ref b, 6);
        }

        Vector512<double> va = Vector512.Create(alpha);
        if (beta == 0.0)
        {
            ref double d0 = ref c;
            (va * c00).StoreUnsafe(ref d0);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            (va * c01).StoreUnsafe(ref d1);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            (va * c02).StoreUnsafe(ref d2);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            (va * c03).StoreUnsafe(ref d3);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            (va * c04).StoreUnsafe(ref d4);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            (va * c05).StoreUnsafe(ref d5);
        }
        else
        {
            Vector512<double> vb = Vector512.Create(beta);
            ref double d0 = ref c;
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d0), (va * c00)).StoreUnsafe(ref d0);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d1), (va * c01)).StoreUnsafe(ref d1);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d2), (va * c02)).StoreUnsafe(ref d2);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d3), (va * c03)).StoreUnsafe(ref d3);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d4), (va * c04)).StoreUnsafe(ref d4);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            Avx512F.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref d5), (va * c05)).StoreUnsafe(ref d5);
        }
    }
}

/// <summary>AVX2 + FMA micro-kernels: up to 8×6 tiles of Vector256 accumulators (fits the 16 ymm registers).</summary>
internal readonly struct GemmAvx2Kernel : IGemmKernel
{
    public static int Width => 4;

    public static int MaxVectors => 2;

    public static int NR => 6;

    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    public static bool FusesBeta => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(int vectors, int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta)
    {
        switch (vectors)
        {
            case 2:
                Tile2x6(kc, ref a, ref b, ref c, ldc, alpha, beta);
                break;
            default:
                Tile1x6(kc, ref a, ref b, ref c, ldc, alpha, beta);
                break;
        }
    }

    /// <summary>A 8×6 tile: C = α·(A sliver · B sliver) + β·C over <paramref name="kc"/> steps; β = 0 never reads C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile2x6(int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta)
    {
        Vector256<double> c00 = default, c10 = default;
        Vector256<double> c01 = default, c11 = default;
        Vector256<double> c02 = default, c12 = default;
        Vector256<double> c03 = default, c13 = default;
        Vector256<double> c04 = default, c14 = default;
        Vector256<double> c05 = default, c15 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<double> a0 = Vector256.LoadUnsafe(ref a);
            Vector256<double> a1 = Vector256.LoadUnsafe(ref a, 4);
            Vector256<double> b0 = Vector256.Create(b);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            Vector256<double> b1 = Vector256.Create(Unsafe.Add(ref b, 1));
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            Vector256<double> b2 = Vector256.Create(Unsafe.Add(ref b, 2));
            c02 = Fma.MultiplyAdd(a0, b2, c02);
            c12 = Fma.MultiplyAdd(a1, b2, c12);
            Vector256<double> b3 = Vector256.Create(Unsafe.Add(ref b, 3));
            c03 = Fma.MultiplyAdd(a0, b3, c03);
            c13 = Fma.MultiplyAdd(a1, b3, c13);
            Vector256<double> b4 = Vector256.Create(Unsafe.Add(ref b, 4));
            c04 = Fma.MultiplyAdd(a0, b4, c04);
            c14 = Fma.MultiplyAdd(a1, b4, c14);
            Vector256<double> b5 = Vector256.Create(Unsafe.Add(ref b, 5));
            c05 = Fma.MultiplyAdd(a0, b5, c05);
            c15 = Fma.MultiplyAdd(a1, b5, c15);
            a = ref Unsafe.Add(ref a, 8);
            b = ref Unsafe.Add(ref b, 6);
        }

        Vector256<double> va = Vector256.Create(alpha);
        if (beta == 0.0)
        {
            ref double d0 = ref c;
            (va * c00).StoreUnsafe(ref d0);
            (va * c10).StoreUnsafe(ref d0, 4);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            (va * c01).StoreUnsafe(ref d1);
            (va * c11).StoreUnsafe(ref d1, 4);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            (va * c02).StoreUnsafe(ref d2);
            (va * c12).StoreUnsafe(ref d2, 4);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            (va * c03).StoreUnsafe(ref d3);
            (va * c13).StoreUnsafe(ref d3, 4);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            (va * c04).StoreUnsafe(ref d4);
            (va * c14).StoreUnsafe(ref d4, 4);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            (va * c05).StoreUnsafe(ref d5);
            (va * c15).StoreUnsafe(ref d5, 4);
        }
        else
        {
            Vector256<double> vb = Vector256.Create(beta);
            ref double d0 = ref c;
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d0), (va * c00)).StoreUnsafe(ref d0);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d0, 4), (va * c10)).StoreUnsafe(ref d0, 4);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d1), (va * c01)).StoreUnsafe(ref d1);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d1, 4), (va * c11)).StoreUnsafe(ref d1, 4);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d2), (va * c02)).StoreUnsafe(ref d2);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d2, 4), (va * c12)).StoreUnsafe(ref d2, 4);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d3), (va * c03)).StoreUnsafe(ref d3);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d3, 4), (va * c13)).StoreUnsafe(ref d3, 4);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d4), (va * c04)).StoreUnsafe(ref d4);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d4, 4), (va * c14)).StoreUnsafe(ref d4, 4);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d5), (va * c05)).StoreUnsafe(ref d5);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d5, 4), (va * c15)).StoreUnsafe(ref d5, 4);
        }
    }

    /// <summary>A 4×6 tile: C = α·(A sliver · B sliver) + β·C over <paramref name="kc"/> steps; β = 0 never reads C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x6(int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta)
    {
        Vector256<double> c00 = default;
        Vector256<double> c01 = default;
        Vector256<double> c02 = default;
        Vector256<double> c03 = default;
        Vector256<double> c04 = default;
        Vector256<double> c05 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<double> a0 = Vector256.LoadUnsafe(ref a);
            Vector256<double> b0 = Vector256.Create(b);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            Vector256<double> b1 = Vector256.Create(Unsafe.Add(ref b, 1));
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            Vector256<double> b2 = Vector256.Create(Unsafe.Add(ref b, 2));
            c02 = Fma.MultiplyAdd(a0, b2, c02);
            Vector256<double> b3 = Vector256.Create(Unsafe.Add(ref b, 3));
            c03 = Fma.MultiplyAdd(a0, b3, c03);
            Vector256<double> b4 = Vector256.Create(Unsafe.Add(ref b, 4));
            c04 = Fma.MultiplyAdd(a0, b4, c04);
            Vector256<double> b5 = Vector256.Create(Unsafe.Add(ref b, 5));
            c05 = Fma.MultiplyAdd(a0, b5, c05);
            a = ref Unsafe.Add(ref a, 4);
            b = ref Unsafe.Add(ref b, 6);
        }

        Vector256<double> va = Vector256.Create(alpha);
        if (beta == 0.0)
        {
            ref double d0 = ref c;
            (va * c00).StoreUnsafe(ref d0);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            (va * c01).StoreUnsafe(ref d1);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            (va * c02).StoreUnsafe(ref d2);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            (va * c03).StoreUnsafe(ref d3);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            (va * c04).StoreUnsafe(ref d4);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            (va * c05).StoreUnsafe(ref d5);
        }
        else
        {
            Vector256<double> vb = Vector256.Create(beta);
            ref double d0 = ref c;
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d0), (va * c00)).StoreUnsafe(ref d0);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d1), (va * c01)).StoreUnsafe(ref d1);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d2), (va * c02)).StoreUnsafe(ref d2);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d3), (va * c03)).StoreUnsafe(ref d3);
            ref double d4 = ref Unsafe.Add(ref c, 4 * ldc);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d4), (va * c04)).StoreUnsafe(ref d4);
            ref double d5 = ref Unsafe.Add(ref c, 5 * ldc);
            Fma.MultiplyAdd(vb, Vector256.LoadUnsafe(ref d5), (va * c05)).StoreUnsafe(ref d5);
        }
    }
}

/// <summary>Portable micro-kernels over Vector&lt;double&gt; (any width, any platform), multiply then add (no FMA).</summary>
internal readonly struct GemmPortableKernel : IGemmKernel
{
    public static int Width => Vector<double>.Count;

    public static int MaxVectors => 2;

    public static int NR => 4;

    public static bool IsSupported => true;

    public static bool FusesBeta => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(int vectors, int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta)
    {
        switch (vectors)
        {
            case 2:
                Tile2x4(kc, ref a, ref b, ref c, ldc, alpha, beta);
                break;
            default:
                Tile1x4(kc, ref a, ref b, ref c, ldc, alpha, beta);
                break;
        }
    }

    /// <summary>A 2·Vector&lt;double&gt;.Count×4 tile: C = α·(A sliver · B sliver) + β·C over <paramref name="kc"/> steps; β = 0 never reads C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile2x4(int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta)
    {
        Vector<double> c00 = default, c10 = default;
        Vector<double> c01 = default, c11 = default;
        Vector<double> c02 = default, c12 = default;
        Vector<double> c03 = default, c13 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector<double> a0 = Vector.LoadUnsafe(ref a);
            Vector<double> a1 = Vector.LoadUnsafe(ref a, (nuint)Vector<double>.Count);
            Vector<double> b0 = new Vector<double>(b);
            c00 = (a0 * b0) + c00;
            c10 = (a1 * b0) + c10;
            Vector<double> b1 = new Vector<double>(Unsafe.Add(ref b, 1));
            c01 = (a0 * b1) + c01;
            c11 = (a1 * b1) + c11;
            Vector<double> b2 = new Vector<double>(Unsafe.Add(ref b, 2));
            c02 = (a0 * b2) + c02;
            c12 = (a1 * b2) + c12;
            Vector<double> b3 = new Vector<double>(Unsafe.Add(ref b, 3));
            c03 = (a0 * b3) + c03;
            c13 = (a1 * b3) + c13;
            a = ref Unsafe.Add(ref a, 2 * Vector<double>.Count);
            b = ref Unsafe.Add(ref b, 4);
        }

        Vector<double> va = new Vector<double>(alpha);
        if (beta == 0.0)
        {
            ref double d0 = ref c;
            (va * c00).StoreUnsafe(ref d0);
            (va * c10).StoreUnsafe(ref d0, (nuint)Vector<double>.Count);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            (va * c01).StoreUnsafe(ref d1);
            (va * c11).StoreUnsafe(ref d1, (nuint)Vector<double>.Count);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            (va * c02).StoreUnsafe(ref d2);
            (va * c12).StoreUnsafe(ref d2, (nuint)Vector<double>.Count);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            (va * c03).StoreUnsafe(ref d3);
            (va * c13).StoreUnsafe(ref d3, (nuint)Vector<double>.Count);
        }
        else
        {
            Vector<double> vb = new Vector<double>(beta);
            ref double d0 = ref c;
            ((vb * Vector.LoadUnsafe(ref d0)) + (va * c00)).StoreUnsafe(ref d0);
            ((vb * Vector.LoadUnsafe(ref d0, (nuint)Vector<double>.Count)) + (va * c10)).StoreUnsafe(ref d0, (nuint)Vector<double>.Count);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            ((vb * Vector.LoadUnsafe(ref d1)) + (va * c01)).StoreUnsafe(ref d1);
            ((vb * Vector.LoadUnsafe(ref d1, (nuint)Vector<double>.Count)) + (va * c11)).StoreUnsafe(ref d1, (nuint)Vector<double>.Count);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            ((vb * Vector.LoadUnsafe(ref d2)) + (va * c02)).StoreUnsafe(ref d2);
            ((vb * Vector.LoadUnsafe(ref d2, (nuint)Vector<double>.Count)) + (va * c12)).StoreUnsafe(ref d2, (nuint)Vector<double>.Count);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            ((vb * Vector.LoadUnsafe(ref d3)) + (va * c03)).StoreUnsafe(ref d3);
            ((vb * Vector.LoadUnsafe(ref d3, (nuint)Vector<double>.Count)) + (va * c13)).StoreUnsafe(ref d3, (nuint)Vector<double>.Count);
        }
    }

    /// <summary>A Vector&lt;double&gt;.Count×4 tile: C = α·(A sliver · B sliver) + β·C over <paramref name="kc"/> steps; β = 0 never reads C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x4(int kc, ref double a, ref double b, ref double c, nint ldc, double alpha, double beta)
    {
        Vector<double> c00 = default;
        Vector<double> c01 = default;
        Vector<double> c02 = default;
        Vector<double> c03 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector<double> a0 = Vector.LoadUnsafe(ref a);
            Vector<double> b0 = new Vector<double>(b);
            c00 = (a0 * b0) + c00;
            Vector<double> b1 = new Vector<double>(Unsafe.Add(ref b, 1));
            c01 = (a0 * b1) + c01;
            Vector<double> b2 = new Vector<double>(Unsafe.Add(ref b, 2));
            c02 = (a0 * b2) + c02;
            Vector<double> b3 = new Vector<double>(Unsafe.Add(ref b, 3));
            c03 = (a0 * b3) + c03;
            a = ref Unsafe.Add(ref a, Vector<double>.Count);
            b = ref Unsafe.Add(ref b, 4);
        }

        Vector<double> va = new Vector<double>(alpha);
        if (beta == 0.0)
        {
            ref double d0 = ref c;
            (va * c00).StoreUnsafe(ref d0);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            (va * c01).StoreUnsafe(ref d1);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            (va * c02).StoreUnsafe(ref d2);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            (va * c03).StoreUnsafe(ref d3);
        }
        else
        {
            Vector<double> vb = new Vector<double>(beta);
            ref double d0 = ref c;
            ((vb * Vector.LoadUnsafe(ref d0)) + (va * c00)).StoreUnsafe(ref d0);
            ref double d1 = ref Unsafe.Add(ref c, 1 * ldc);
            ((vb * Vector.LoadUnsafe(ref d1)) + (va * c01)).StoreUnsafe(ref d1);
            ref double d2 = ref Unsafe.Add(ref c, 2 * ldc);
            ((vb * Vector.LoadUnsafe(ref d2)) + (va * c02)).StoreUnsafe(ref d2);
            ref double d3 = ref Unsafe.Add(ref c, 3 * ldc);
            ((vb * Vector.LoadUnsafe(ref d3)) + (va * c03)).StoreUnsafe(ref d3);
        }
    }
}
