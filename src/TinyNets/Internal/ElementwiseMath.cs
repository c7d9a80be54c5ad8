using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.X86;
#endif

namespace TinyNets.Internal;

/// <summary>
/// Element-wise functions over spans that are both accurate to a few ulp and fast on spans of any length.
/// TensorPrimitives.Tanh is not used: for doubles it loses relative accuracy near zero (about 5e-12 at x = 1e-6 and
/// 2e-5 at x = 1e-12, from e^(−2|x|) − 1), and its fixed cost dominates on a layer of three neurons.
/// Tanh uses IEEE additions, multiplications, fused multiply-adds (rounded once, in hardware or not) and one division
/// only, the same ones in the same order in the scalar and vector paths, and no libm: its results are bit-identical on
/// every machine and runtime.
/// </summary>
internal static class ElementwiseMath
{
    // Beyond this |x| TensorPrimitives.Exp computes the whole vector holding such a lane by another path (|x| > 708, where
    // eˣ is subnormal, zero or beyond double's range), which rounds its other lanes differently.
    private const double VectorExpLimit = 700.0;

    /// <summary>
    /// eˣ in place, with bits that depend on the values only. TensorPrimitives.Exp gives a value other last bits when a
    /// lane of its vector is beyond ±708, so where the span lies in memory (which values share a vector) would decide them:
    /// two equal networks, or a network and its saved copy, would differ. Such spans take Math.Exp for every value.
    /// </summary>
    /// <param name="values">The exponents, overwritten by their exponentials; finite.</param>
    internal static void ExpInPlace(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        if (Math.Abs(TensorPrimitives.MaxMagnitude(values)) <= VectorExpLimit)
        {
            TensorPrimitives.Exp(values, values);
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Exp(values[i]);
        }
    }

    // Below this |x|, tanh's Taylor series to x¹³ is exact to double precision ((0.05/(π/2))^14 < 1e-20); the quotient
    // used above it would do there too, with up to 5e-16 relative error instead of 1.1e-16.
    private const double TaylorLimit = 0.05;

    // tanh x = x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835 − 1382x¹¹/155925 + 21844x¹³/6081075 − …
    private const double C3 = -1.0 / 3.0;
    private const double C5 = 2.0 / 15.0;
    private const double C7 = -17.0 / 315.0;
    private const double C9 = 62.0 / 2835.0;
    private const double C11 = -1382.0 / 155925.0;
    private const double C13 = 21844.0 / 6081075.0;

    // 1/i! for the exponential's series.
    private const double F2 = 1.0 / 2, F3 = 1.0 / 6, F4 = 1.0 / 24, F5 = 1.0 / 120, F6 = 1.0 / 720, F7 = 1.0 / 5040;
    private const double F8 = 1.0 / 40320, F9 = 1.0 / 362880, F10 = 1.0 / 3628800, F11 = 1.0 / 39916800;
    private const double F12 = 1.0 / 479001600, F13 = 1.0 / 6227020800;

    // Past |x| = 19.1 tanh is ±1 to double precision; clamping |x| to 20 keeps 2^−k at most 2^58.
    private const double Clamp = 20.0;

    // e^(−2b) = 2^k · e^r with k = round(−2b / ln 2) and r = −2b − k·ln 2, |r| ≤ ln 2 / 2, where the Taylor series to
    // r¹³ is exact to double precision (0.347¹⁴/14! < 5e-18). Ln2 is ln 2 rounded; in one fused multiply-add,
    // −2b − k·Ln2 is exact. Ln2's own error (2.3e-17) is not corrected by a second Cody–Waite step, which would add to
    // the chain: it moves tanh by under 7e-17 relative (at k = −1; less for larger |k|, where e is smaller).
    private const double Ln2 = 0.6931471805599453;
    private const double MinusTwoLog2E = -2.0 * 1.4426950408889634;

    // Adding 1.5·2⁵² rounds to the nearest integer and leaves it in the low bits of the result's mantissa.
    private const double RoundingShift = 6755399441055744.0;

    /// <summary>tanh x for one value, to a few ulp; bit for bit what the vector path gives for the same x.</summary>
    public static double Tanh(double x)
    {
        double ax = Math.Abs(x);
        double s = x * x;
        if (ax < TaylorLimit)
        {
            return Math.CopySign(Math.FusedMultiplyAdd(ax * s, TanhSeries(s), ax), x);
        }

        double b = Math.Min(ax, Clamp);
        double shifted = Math.FusedMultiplyAdd(b, MinusTwoLog2E, RoundingShift);
        double k = shifted - RoundingShift;
        double r = Math.FusedMultiplyAdd(k, -Ln2, b * -2.0);
        double inverseScale =
            BitConverter.Int64BitsToDouble((1023L << 52) - (BitConverter.DoubleToInt64Bits(shifted) << 52));
        double m = ExpMinusOneReduced(r);
        return Math.CopySign(((inverseScale - 1.0) - m) / ((inverseScale + 1.0) + m), x);
    }

    /// <summary>y = tanh x, element by element (x and y may be the same span); bit for bit the scalar overload's
    /// results.</summary>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length;
        if (y.Length < n)
        {
            throw OutputTooShort(y.Length, n, nameof(y));
        }

        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double x0 = ref MemoryMarshal.GetReference(x);
            ref double y0 = ref MemoryMarshal.GetReference(y);
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i <= n - Vector512<double>.Count; i += Vector512<double>.Count)
                {
                    Tanh(Vector512.LoadUnsafe(ref x0, (nuint)i)).StoreUnsafe(ref y0, (nuint)i);
                }
            }

            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                Tanh(Vector256.LoadUnsafe(ref x0, (nuint)i)).StoreUnsafe(ref y0, (nuint)i);
            }

            // One to three left: one padded vector costs less than as many scalar evaluations (a layer of 3 neurons).
            int left = n - i;
            if (left > 0)
            {
                Vector256<double> t = Tanh(Vector256.Create(
                    x[i], left > 1 ? x[i + 1] : 0.0, left > 2 ? x[i + 2] : 0.0, 0.0));
                y[i] = t.GetElement(0);
                if (left > 1)
                {
                    y[i + 1] = t.GetElement(1);
                }

                if (left > 2)
                {
                    y[i + 2] = t.GetElement(2);
                }
            }

            return;
        }

        for (; i < n; i++)
        {
            y[i] = Tanh(x[i]);
        }
    }

    // tanh b = (1 − e)/(1 + e) with e = e^(−2b) = 2^k·e^r is computed as (2^−k − 1 − m)/(2^−k + 1 + m), m = e^r − 1:
    // scaling both by 2^−k changes no rounding and takes the multiplication by 2^k off the dependency chain. 2^−k ± 1
    // is exact for |k| ≤ 52 (rounded once beyond), and for k = 0 the numerator is −m itself, so nothing cancels. It is
    // added to the finished m: folded into the series' lowest term it would be rounded with every level (measured:
    // about twice the error, and no measurable gain in latency).
    // m = Σ rⁱ/i! for 1 ≤ i ≤ 13 in Estrin's scheme: pairs, then powers r², r⁴, r⁸, each level a fused multiply-add (a
    // short dependency chain instead of Horner's twelve dependent ones).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ExpMinusOneReduced(double r)
    {
        double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        double p23 = Math.FusedMultiplyAdd(F3, r, F2), p45 = Math.FusedMultiplyAdd(F5, r, F4);
        double p67 = Math.FusedMultiplyAdd(F7, r, F6), p89 = Math.FusedMultiplyAdd(F9, r, F8);
        double p1011 = Math.FusedMultiplyAdd(F11, r, F10), p1213 = Math.FusedMultiplyAdd(F13, r, F12);
        double p4to7 = Math.FusedMultiplyAdd(p67, r2, p45);
        double p8to13 = Math.FusedMultiplyAdd(p1213, r4, Math.FusedMultiplyAdd(p1011, r2, p89));
        return Math.FusedMultiplyAdd(p8to13, r8, Math.FusedMultiplyAdd(p4to7, r4, Math.FusedMultiplyAdd(p23, r2, r)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpMinusOneReduced(Vector256<double> r)
    {
        Vector256<double> r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        Vector256<double> p23 = MulAdd(Vector256.Create(F3), r, Vector256.Create(F2));
        Vector256<double> p45 = MulAdd(Vector256.Create(F5), r, Vector256.Create(F4));
        Vector256<double> p67 = MulAdd(Vector256.Create(F7), r, Vector256.Create(F6));
        Vector256<double> p89 = MulAdd(Vector256.Create(F9), r, Vector256.Create(F8));
        Vector256<double> p1011 = MulAdd(Vector256.Create(F11), r, Vector256.Create(F10));
        Vector256<double> p1213 = MulAdd(Vector256.Create(F13), r, Vector256.Create(F12));
        Vector256<double> p4to7 = MulAdd(p67, r2, p45);
        Vector256<double> p8to13 = MulAdd(p1213, r4, MulAdd(p1011, r2, p89));
        return MulAdd(p8to13, r8, MulAdd(p4to7, r4, MulAdd(p23, r2, r)));
    }

    // The Taylor series of tanh x / x − 1 in s = x², to s⁶, in the same scheme.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double TanhSeries(double s)
    {
        double s2 = s * s, s4 = s2 * s2;
        double p35 = Math.FusedMultiplyAdd(C5, s, C3), p79 = Math.FusedMultiplyAdd(C9, s, C7);
        double p1113 = Math.FusedMultiplyAdd(C13, s, C11);
        return Math.FusedMultiplyAdd(p1113, s4, Math.FusedMultiplyAdd(p79, s2, p35));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> TanhSeries(Vector256<double> s)
    {
        Vector256<double> s2 = s * s, s4 = s2 * s2;
        Vector256<double> p35 = MulAdd(Vector256.Create(C5), s, Vector256.Create(C3));
        Vector256<double> p79 = MulAdd(Vector256.Create(C9), s, Vector256.Create(C7));
        Vector256<double> p1113 = MulAdd(Vector256.Create(C13), s, Vector256.Create(C11));
        return MulAdd(p1113, s4, MulAdd(p79, s2, p35));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Tanh(Vector256<double> x)
    {
        Vector256<double> ax = Vector256.Abs(x);
        Vector256<double> sign = x & Vector256.Create(-0.0);
        Vector256<double> s = x * x;

        Vector256<double> b = Vector256.Min(ax, Vector256.Create(Clamp));
        Vector256<double> shifted = MulAdd(b, Vector256.Create(MinusTwoLog2E), Vector256.Create(RoundingShift));
        Vector256<double> k = shifted - Vector256.Create(RoundingShift);
        Vector256<double> r = MulAdd(k, Vector256.Create(-Ln2), b * Vector256.Create(-2.0));
        Vector256<double> inverseScale =
            (Vector256.Create(1023L << 52) - Vector256.ShiftLeft(shifted.AsInt64(), 52)).AsDouble();
        Vector256<double> m = ExpMinusOneReduced(r);
        Vector256<double> one = Vector256<double>.One;
        Vector256<double> large = ((inverseScale - one) - m) / ((inverseScale + one) + m);
        Vector256<double> small = MulAdd(ax * s, TanhSeries(s), ax);
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(TaylorLimit)), small, large) | sign;
    }

    // The same operations as the Vector256 overloads, eight lanes at a time (bit for bit the same results).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Tanh(Vector512<double> x)
    {
        Vector512<double> ax = Vector512.Abs(x);
        Vector512<double> sign = x & Vector512.Create(-0.0);
        Vector512<double> s = x * x;

        Vector512<double> b = Vector512.Min(ax, Vector512.Create(Clamp));
        Vector512<double> shifted = MulAdd(b, Vector512.Create(MinusTwoLog2E), Vector512.Create(RoundingShift));
        Vector512<double> k = shifted - Vector512.Create(RoundingShift);
        Vector512<double> r = MulAdd(k, Vector512.Create(-Ln2), b * Vector512.Create(-2.0));
        Vector512<double> inverseScale =
            (Vector512.Create(1023L << 52) - Vector512.ShiftLeft(shifted.AsInt64(), 52)).AsDouble();
        Vector512<double> m = ExpMinusOneReduced(r);
        Vector512<double> one = Vector512<double>.One;
        Vector512<double> large = ((inverseScale - one) - m) / ((inverseScale + one) + m);
        Vector512<double> small = MulAdd(ax * s, TanhSeries(s), ax);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(TaylorLimit)), small, large) | sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpMinusOneReduced(Vector512<double> r)
    {
        Vector512<double> r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        Vector512<double> p23 = MulAdd(Vector512.Create(F3), r, Vector512.Create(F2));
        Vector512<double> p45 = MulAdd(Vector512.Create(F5), r, Vector512.Create(F4));
        Vector512<double> p67 = MulAdd(Vector512.Create(F7), r, Vector512.Create(F6));
        Vector512<double> p89 = MulAdd(Vector512.Create(F9), r, Vector512.Create(F8));
        Vector512<double> p1011 = MulAdd(Vector512.Create(F11), r, Vector512.Create(F10));
        Vector512<double> p1213 = MulAdd(Vector512.Create(F13), r, Vector512.Create(F12));
        Vector512<double> p4to7 = MulAdd(p67, r2, p45);
        Vector512<double> p8to13 = MulAdd(p1213, r4, MulAdd(p1011, r2, p89));
        return MulAdd(p8to13, r8, MulAdd(p4to7, r4, MulAdd(p23, r2, r)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> TanhSeries(Vector512<double> s)
    {
        Vector512<double> s2 = s * s, s4 = s2 * s2;
        Vector512<double> p35 = MulAdd(Vector512.Create(C5), s, Vector512.Create(C3));
        Vector512<double> p79 = MulAdd(Vector512.Create(C9), s, Vector512.Create(C7));
        Vector512<double> p1113 = MulAdd(Vector512.Create(C13), s, Vector512.Create(C11));
        return MulAdd(p1113, s4, MulAdd(p79, s2, p35));
    }

    // a·b + c rounded once. net9+ documents Vector256/512.FusedMultiplyAdd as one ternary operation on every machine;
    // on net8.0 the FMA instruction where there is one, else Math.FusedMultiplyAdd per element (also rounded once), so
    // the result never depends on the hardware.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> MulAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c)
    {
#if NET9_0_OR_GREATER
        return Vector256.FusedMultiplyAdd(a, b, c);
#else
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        return Vector256.Create(
            Math.FusedMultiplyAdd(a.GetElement(0), b.GetElement(0), c.GetElement(0)),
            Math.FusedMultiplyAdd(a.GetElement(1), b.GetElement(1), c.GetElement(1)),
            Math.FusedMultiplyAdd(a.GetElement(2), b.GetElement(2), c.GetElement(2)),
            Math.FusedMultiplyAdd(a.GetElement(3), b.GetElement(3), c.GetElement(3)));
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> MulAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c)
    {
#if NET9_0_OR_GREATER
        return Vector512.FusedMultiplyAdd(a, b, c);
#else
        if (Avx512F.IsSupported)
        {
            return Avx512F.FusedMultiplyAdd(a, b, c);
        }

        return Vector512.Create(
            MulAdd(a.GetLower(), b.GetLower(), c.GetLower()), MulAdd(a.GetUpper(), b.GetUpper(), c.GetUpper()));
#endif
    }

    /// <summary>dx = dy ⊙ (1 − y²), tanh's backward from its output y.</summary>
    public static void TanhBackward(ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
    {
        int n = dx.Length;
        if (y.Length < n || dy.Length < n)
        {
            throw LengthsDiffer(y.Length, dy.Length, n, nameof(dx));
        }

        ref double y0 = ref MemoryMarshal.GetReference(y);
        ref double dy0 = ref MemoryMarshal.GetReference(dy);
        ref double dx0 = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                Vector256<double> yi = Vector256.LoadUnsafe(ref y0, (nuint)i);
                (Vector256.LoadUnsafe(ref dy0, (nuint)i) * (Vector256<double>.One - (yi * yi))).StoreUnsafe(ref dx0, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            double yi = Unsafe.Add(ref y0, i);
            Unsafe.Add(ref dx0, i) = Unsafe.Add(ref dy0, i) * (1.0 - (yi * yi));
        }
    }

    // Exceptions are built out of line: an inlined interpolated message would set up its string builder on every call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException OutputTooShort(int length, int needed, string paramName) =>
        new($"The output holds {length} values; {needed} are needed.", paramName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException LengthsDiffer(int y, int dy, int dx, string paramName) =>
        new($"Lengths differ: y {y}, dy {dy}, dx {dx}.", paramName);
}
