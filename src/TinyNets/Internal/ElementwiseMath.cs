using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyNets.Internal;

/// <summary>
/// Element-wise functions over spans that are both accurate to a few ulp and fast on spans of any length.
/// TensorPrimitives.Tanh is not used: for doubles it loses relative accuracy near zero (about 5e-12 at x = 1e-6 and
/// 2e-5 at x = 1e-12, from e^(−2|x|) − 1), and its fixed cost dominates on a layer of three neurons.
/// </summary>
internal static class ElementwiseMath
{
    // Below this |x|, tanh's Taylor series to x¹³ is exact to double precision ((0.05/(π/2))^14 < 1e-20); above it,
    // (1 − e)/(1 + e) with e = e^(−2|x|) loses at most e/(1 − e) < 10 ulp to cancellation.
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

    // e^a = 2^k · e^r with k = round(a / ln 2) and r = a − k·ln 2 (ln 2 split in two so that k·Ln2Hi is exact),
    // |r| ≤ ln 2 / 2, where the Taylor series to r¹³ is exact to double precision (0.347¹⁴/14! < 5e-18).
    private static readonly double Ln2Hi = BitConverter.Int64BitsToDouble(0x3FE62E42FEE00000);
    private static readonly double Ln2Lo = BitConverter.Int64BitsToDouble(0x3DEA39EF35793C76);
    private const double Log2E = 1.4426950408889634;

    // Adding 1.5·2⁵² rounds to the nearest integer and leaves it in the low bits of the result's mantissa.
    private const double RoundingShift = 6755399441055744.0;

    /// <summary>tanh x for one value, to a few ulp; bit for bit what the vector path gives for the same x.</summary>
    public static double Tanh(double x)
    {
        double ax = Math.Abs(x);
        double s = x * x;
        if (ax < TaylorLimit)
        {
            return Math.CopySign(ax + (ax * s * TanhSeries(s)), x);
        }

        // Past |x| = 19 the result is ±1 to double precision; the clamp keeps 2^k normal.
        double e = Exp(Math.Max(-2.0 * ax, -40.0));
        return Math.CopySign((1.0 - e) / (1.0 + e), x);
    }

    /// <summary>y = tanh x, element by element (x and y may be the same span). Plain IEEE operations only (no FMA,
    /// no libm), so the result is bit-identical on every x64 and Arm machine and runtime.</summary>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length;
        if (y.Length < n)
        {
            throw new ArgumentException($"The output holds {y.Length} values; {n} are needed.", nameof(y));
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Exp(double a)
    {
        double shifted = (a * Log2E) + RoundingShift;
        double k = shifted - RoundingShift;
        double r = (a - (k * Ln2Hi)) - (k * Ln2Lo);
        double scale = BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(shifted) << 52) + (1023L << 52));
        return ExpReduced(r) * scale;
    }

    // Σ rⁱ/i! for i ≤ 13 in Estrin's scheme: pairs, then powers r², r⁴, r⁸ (a short dependency chain instead of
    // Horner's thirteen dependent multiply-adds).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ExpReduced(double r)
    {
        double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        double p01 = 1.0 + r, p23 = F2 + (F3 * r), p45 = F4 + (F5 * r), p67 = F6 + (F7 * r);
        double p89 = F8 + (F9 * r), p1011 = F10 + (F11 * r), p1213 = F12 + (F13 * r);
        double p0to7 = (p01 + (p23 * r2)) + ((p45 + (p67 * r2)) * r4);
        double p8to13 = (p89 + (p1011 * r2)) + (p1213 * r4);
        return p0to7 + (p8to13 * r8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpReduced(Vector256<double> r)
    {
        Vector256<double> r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        Vector256<double> p01 = Vector256<double>.One + r;
        Vector256<double> p23 = Vector256.Create(F2) + (Vector256.Create(F3) * r);
        Vector256<double> p45 = Vector256.Create(F4) + (Vector256.Create(F5) * r);
        Vector256<double> p67 = Vector256.Create(F6) + (Vector256.Create(F7) * r);
        Vector256<double> p89 = Vector256.Create(F8) + (Vector256.Create(F9) * r);
        Vector256<double> p1011 = Vector256.Create(F10) + (Vector256.Create(F11) * r);
        Vector256<double> p1213 = Vector256.Create(F12) + (Vector256.Create(F13) * r);
        Vector256<double> p0to7 = (p01 + (p23 * r2)) + ((p45 + (p67 * r2)) * r4);
        Vector256<double> p8to13 = (p89 + (p1011 * r2)) + (p1213 * r4);
        return p0to7 + (p8to13 * r8);
    }

    // The Taylor series of tanh x / x − 1 in s = x², to s⁶, in the same scheme.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double TanhSeries(double s)
    {
        double s2 = s * s, s4 = s2 * s2;
        return (C3 + (C5 * s)) + ((C7 + (C9 * s)) * s2) + ((C11 + (C13 * s)) * s4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> TanhSeries(Vector256<double> s)
    {
        Vector256<double> s2 = s * s, s4 = s2 * s2;
        return (Vector256.Create(C3) + (Vector256.Create(C5) * s))
            + ((Vector256.Create(C7) + (Vector256.Create(C9) * s)) * s2)
            + ((Vector256.Create(C11) + (Vector256.Create(C13) * s)) * s4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Tanh(Vector256<double> x)
    {
        Vector256<double> ax = Vector256.Abs(x);
        Vector256<double> sign = x & Vector256.Create(-0.0);
        Vector256<double> s = x * x;

        Vector256<double> a = Vector256.Max(ax * Vector256.Create(-2.0), Vector256.Create(-40.0));
        Vector256<double> shifted = (a * Vector256.Create(Log2E)) + Vector256.Create(RoundingShift);
        Vector256<double> k = shifted - Vector256.Create(RoundingShift);
        Vector256<double> r = (a - (k * Vector256.Create(Ln2Hi))) - (k * Vector256.Create(Ln2Lo));
        Vector256<double> scale = (Vector256.ShiftLeft(shifted.AsInt64(), 52) + Vector256.Create(1023L << 52)).AsDouble();
        Vector256<double> e = ExpReduced(r) * scale;
        Vector256<double> one = Vector256<double>.One;
        Vector256<double> large = (one - e) / (one + e);

        Vector256<double> q = TanhSeries(s);
        Vector256<double> small = ax + (ax * s * q);

        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(TaylorLimit)), small, large) | sign;
    }

    // The same operations as the Vector256 overloads, eight lanes at a time (bit for bit the same results).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Tanh(Vector512<double> x)
    {
        Vector512<double> ax = Vector512.Abs(x);
        Vector512<double> sign = x & Vector512.Create(-0.0);
        Vector512<double> s = x * x;

        Vector512<double> a = Vector512.Max(ax * Vector512.Create(-2.0), Vector512.Create(-40.0));
        Vector512<double> shifted = (a * Vector512.Create(Log2E)) + Vector512.Create(RoundingShift);
        Vector512<double> k = shifted - Vector512.Create(RoundingShift);
        Vector512<double> r = (a - (k * Vector512.Create(Ln2Hi))) - (k * Vector512.Create(Ln2Lo));
        Vector512<double> scale = (Vector512.ShiftLeft(shifted.AsInt64(), 52) + Vector512.Create(1023L << 52)).AsDouble();
        Vector512<double> e = ExpReduced(r) * scale;
        Vector512<double> one = Vector512<double>.One;
        Vector512<double> large = (one - e) / (one + e);
        Vector512<double> small = ax + (ax * s * TanhSeries(s));
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(TaylorLimit)), small, large) | sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpReduced(Vector512<double> r)
    {
        Vector512<double> r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        Vector512<double> p01 = Vector512<double>.One + r;
        Vector512<double> p23 = Vector512.Create(F2) + (Vector512.Create(F3) * r);
        Vector512<double> p45 = Vector512.Create(F4) + (Vector512.Create(F5) * r);
        Vector512<double> p67 = Vector512.Create(F6) + (Vector512.Create(F7) * r);
        Vector512<double> p89 = Vector512.Create(F8) + (Vector512.Create(F9) * r);
        Vector512<double> p1011 = Vector512.Create(F10) + (Vector512.Create(F11) * r);
        Vector512<double> p1213 = Vector512.Create(F12) + (Vector512.Create(F13) * r);
        Vector512<double> p0to7 = (p01 + (p23 * r2)) + ((p45 + (p67 * r2)) * r4);
        Vector512<double> p8to13 = (p89 + (p1011 * r2)) + (p1213 * r4);
        return p0to7 + (p8to13 * r8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> TanhSeries(Vector512<double> s)
    {
        Vector512<double> s2 = s * s, s4 = s2 * s2;
        return (Vector512.Create(C3) + (Vector512.Create(C5) * s))
            + ((Vector512.Create(C7) + (Vector512.Create(C9) * s)) * s2)
            + ((Vector512.Create(C11) + (Vector512.Create(C13) * s)) * s4);
    }

    /// <summary>dx = dy ⊙ (1 − y²), tanh's backward from its output y.</summary>
    public static void TanhBackward(ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
    {
        int n = dx.Length;
        if (y.Length < n || dy.Length < n)
        {
            throw new ArgumentException($"Lengths differ: y {y.Length}, dy {dy.Length}, dx {n}.", nameof(dx));
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
}
