using TinyNets.Autodiff;

namespace TinyNets.Tests.Sheets;

/// <summary>
/// Sheet 002, the computational-graph exercises, run through the scalar autodiff engine <see cref="Value"/>:
/// the sin/cos graph at x = 1 rad (2023/07/06, catalogue §3b, S002-06…28), the edge-derivative graph with o = 0.1 and
/// L = −ln o (2022/09/01, §3f, S002-42…51) and its truncated twin (2022/06/16, §3h, S002-59…64), plus properties P-11
/// and P-12 (§7). Exact values are recomputed in the test with plain Math.Sin/Math.Cos chains (1e-12 relative); the
/// sheet's printed two-decimal figures are compared with half a unit of their last digit, and where the catalogue flags
/// them (FLAG-5, FLAG-9) the test shows the sheet's figure and why it differs.
/// </summary>
public class Sheet002GraphTests
{
    // ================================================================ 3b. sin/cos graph, x = 1 rad

    /// <summary>
    /// The graph built with <see cref="Value"/> (figure reconstructed by the catalogue): t1 = sin x, b1 = cos x;
    /// s_k = t_k + b_k, t_{k+1} = sin s_k, b_{k+1} = cos s_k (k = 1…4); y = t5·b5. Index 0 of T/B/S is unused.
    /// </summary>
    private sealed class SinCosGraph
    {
        public SinCosGraph(double x0)
        {
            X = new Value(x0, "x");
            T[1] = X.Sin();
            B[1] = X.Cos();
            for (int k = 1; k <= 4; k++)
            {
                S[k] = T[k] + B[k];
                T[k + 1] = S[k].Sin();
                B[k + 1] = S[k].Cos();
            }

            Y = T[5] * B[5];
            Y.Backward();
        }

        public Value X { get; }

        public Value[] T { get; } = new Value[6];

        public Value[] B { get; } = new Value[6];

        public Value[] S { get; } = new Value[5];

        public Value Y { get; }
    }

    /// <summary>The same forward and backward pass in plain doubles, written out from the chain rule (the reference).</summary>
    private sealed class SinCosReference
    {
        public SinCosReference(double x)
        {
            X = x;
            T[1] = Math.Sin(x);
            B[1] = Math.Cos(x);
            for (int k = 1; k <= 4; k++)
            {
                S[k] = T[k] + B[k];
                T[k + 1] = Math.Sin(S[k]);
                B[k + 1] = Math.Cos(S[k]);
            }

            Y = T[5] * B[5];

            // ṫ5 = ∂y/∂t5 = b5, ḃ5 = ∂y/∂b5 = t5; for k ≤ 4, ṫ_k = ḃ_k = ∂y/∂s_k = ṫ_{k+1} cos s_k − ḃ_{k+1} sin s_k.
            TDot[5] = B[5];
            BDot[5] = T[5];
            for (int k = 4; k >= 1; k--)
            {
                TDot[k] = (TDot[k + 1] * Math.Cos(S[k])) - (BDot[k + 1] * Math.Sin(S[k]));
                BDot[k] = TDot[k];
            }

            XDot = (TDot[1] * Math.Cos(x)) - (BDot[1] * Math.Sin(x));
        }

        public double X { get; }

        public double[] T { get; } = new double[6];

        public double[] B { get; } = new double[6];

        public double[] S { get; } = new double[5];

        public double Y { get; }

        public double[] TDot { get; } = new double[6];

        public double[] BDot { get; } = new double[6];

        public double XDot { get; }

        /// <summary>y(x) in plain doubles, for finite differences.</summary>
        public static double Forward(double x)
        {
            double t = Math.Sin(x), b = Math.Cos(x);
            for (int k = 1; k <= 4; k++)
            {
                double s = t + b;
                t = Math.Sin(s);
                b = Math.Cos(s);
            }

            return t * b;
        }
    }

    private static readonly SinCosGraph G = new(1.0);
    private static readonly SinCosReference R = new(1.0);

    /// <summary>The sheet's two-decimal figure agrees: within half a unit of its last digit (0.005).</summary>
    private static void SheetAgrees(double exact, double sheet, string because) =>
        Math.Abs(exact - sheet).Should().BeLessThanOrEqualTo(0.005, because);

    /// <summary>The sheet's two-decimal figure is NOT the exact value rounded (FLAG-5 / ROUND carried).</summary>
    private static void SheetDiffers(double exact, double sheet, string because) =>
        Math.Abs(exact - sheet).Should().BeGreaterThan(0.005, because);

    private static double Round2(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);

    [Fact]
    public void S002_06_T1IsSinOne()
    {
        Exact(G.T[1].Data, R.T[1]);
        Exact(G.T[1].Data, Math.Sin(1.0));
        Exact(G.T[1].Data, 0.8414709848079, "catalogue");
        SheetAgrees(G.T[1].Data, 0.84, "sheet: t1 = sin(1) = 0.84");
    }

    [Fact]
    public void S002_07_B1IsCosOne()
    {
        Exact(G.B[1].Data, R.B[1]);
        Exact(G.B[1].Data, Math.Cos(1.0));
        Exact(G.B[1].Data, 0.5403023058681, "catalogue");
        SheetAgrees(G.B[1].Data, 0.54, "sheet: b1 = cos(1) = 0.54");
    }

    [Fact]
    public void S002_08_S1IsT1PlusB1()
    {
        Exact(G.S[1].Data, R.S[1]);
        Exact(G.S[1].Data, Math.Sin(1.0) + Math.Cos(1.0));
        Exact(G.S[1].Data, 1.381773290676, "catalogue");

        // Value OK; the sheet labels it "t2 + b1" (typo for t1 + b1, FLAG-5).
        SheetAgrees(G.S[1].Data, 1.38, "sheet: t2 + b1 = 1.38");
    }

    [Fact]
    public void S002_09_T2IsSinS1()
    {
        Exact(G.T[2].Data, R.T[2]);
        Exact(G.T[2].Data, Math.Sin(Math.Sin(1.0) + Math.Cos(1.0)));
        Exact(G.T[2].Data, 0.9821882747659, "catalogue");
        SheetAgrees(G.T[2].Data, 0.98, "sheet: t2 = sin(1.38) = 0.98");
    }

    [Fact]
    public void S002_10_B2IsCosS1_SheetsPointEighteenIsMisRounded()
    {
        Exact(G.B[2].Data, R.B[2]);
        Exact(G.B[2].Data, Math.Cos(Math.Sin(1.0) + Math.Cos(1.0)));
        Exact(G.B[2].Data, 0.1878994223313, "catalogue");

        // FLAG-5: the sheet prints 0.18, but cos s1 = 0.1879 rounds to 0.19, and even cos(1.38) = 0.1896 rounds to 0.19.
        SheetDiffers(G.B[2].Data, 0.18, "sheet: b2 = cos(1.38) = 0.18 (truncated, not rounded)");
        Round2(Math.Cos(1.38)).Should().Be(0.19, "even from the sheet's own 1.38");
    }

    [Fact]
    public void S002_11_S2IsT2PlusB2_SheetCarriesTheTruncatedB2()
    {
        Exact(G.S[2].Data, R.S[2]);
        Exact(G.S[2].Data, R.T[2] + R.B[2]);
        Exact(G.S[2].Data, 1.170087697097, "catalogue");

        // ROUND carried: the sheet's 1.16 is its own 0.98 + 0.18; the exact sum rounds to 1.17.
        SheetDiffers(G.S[2].Data, 1.16, "sheet: t2 + b2 = 1.16");
        Exact(0.98 + 0.18, 1.16, "the sheet's 1.16 is the sum of its rounded 0.98 and 0.18");
        Round2(G.S[2].Data).Should().Be(1.17);
    }

    [Fact]
    public void S002_12_T3IsSinS2_SheetsPointNinetyOneIsWrong()
    {
        Exact(G.T[3].Data, R.T[3]);
        Exact(G.T[3].Data, Math.Sin(R.S[2]));
        Exact(G.T[3].Data, 0.9207848093656, "catalogue");

        // FLAG-5: the sheet prints 0.91; exact 0.9208 → 0.92, and even sin(1.16) = 0.9168 → 0.92.
        SheetDiffers(G.T[3].Data, 0.91, "sheet: t3 = sin(1.16) = 0.91");
        Round2(Math.Sin(1.16)).Should().Be(0.92, "even from the sheet's own 1.16");
    }

    [Fact]
    public void S002_13_B3IsCosS2_SheetCarriesItsRoundedS2()
    {
        Exact(G.B[3].Data, R.B[3]);
        Exact(G.B[3].Data, Math.Cos(R.S[2]));
        Exact(G.B[3].Data, 0.3900709356534, "catalogue");

        // ROUND carried: exact 0.3901 → 0.39; the sheet's 0.40 is cos(1.16) = 0.3993 from its rounded s2.
        SheetDiffers(G.B[3].Data, 0.40, "sheet: b3 = cos(1.16) = 0.40");
        Round2(Math.Cos(1.16)).Should().Be(0.40, "the sheet's figure follows from its carried 1.16");
    }

    [Fact]
    public void S002_14_S3IsT3PlusB3()
    {
        Exact(G.S[3].Data, R.S[3]);
        Exact(G.S[3].Data, R.T[3] + R.B[3]);
        Exact(G.S[3].Data, 1.310855745019, "catalogue");
        SheetAgrees(G.S[3].Data, 1.31, "sheet: t3 + b3 = 1.31");
    }

    [Fact]
    public void S002_15_T4IsSinS3_SheetsPointNinetyTwoIsWrong()
    {
        Exact(G.T[4].Data, R.T[4]);
        Exact(G.T[4].Data, Math.Sin(R.S[3]));
        Exact(G.T[4].Data, 0.9664052516984, "catalogue");

        // FLAG-5: the sheet prints 0.92, but sin(1.31) = 0.9662 → 0.97. Its own next line contradicts it:
        // 0.92 + 0.25 = 1.17, not the 1.22 it writes (0.97 + 0.25 = 1.22); probably a "7" read as "2".
        SheetDiffers(G.T[4].Data, 0.92, "sheet: t4 = sin(1.31) = 0.92");
        Round2(Math.Sin(1.31)).Should().Be(0.97);
        Round2(0.92 + 0.25).Should().NotBe(1.22, "the printed t4 does not give the sheet's own s4");
        Round2(0.97 + 0.25).Should().Be(1.22);
    }

    [Fact]
    public void S002_16_B4IsCosS3_SheetTruncates()
    {
        Exact(G.B[4].Data, R.B[4]);
        Exact(G.B[4].Data, Math.Cos(R.S[3]));
        Exact(G.B[4].Data, 0.2570231302621, "catalogue");

        // ROUND: 0.2570 rounds to 0.26; the sheet's 0.25 is the truncation.
        SheetDiffers(G.B[4].Data, 0.25, "sheet: b4 = cos(1.31) = 0.25");
        (Math.Floor(G.B[4].Data * 100) / 100).Should().Be(0.25, "the sheet truncated");
        Round2(G.B[4].Data).Should().Be(0.26);
    }

    [Fact]
    public void S002_17_S4IsT4PlusB4()
    {
        Exact(G.S[4].Data, R.S[4]);
        Exact(G.S[4].Data, R.T[4] + R.B[4]);
        Exact(G.S[4].Data, 1.223428381960, "catalogue");

        // OK; it agrees with the exact t4 (0.966), not with the sheet's printed 0.92.
        SheetAgrees(G.S[4].Data, 1.22, "sheet: t4 + b4 = 1.22");
    }

    [Fact]
    public void S002_18_T5IsSinS4_SheetsPointNinetyTwoIsWrong()
    {
        Exact(G.T[5].Data, R.T[5]);
        Exact(G.T[5].Data, Math.Sin(R.S[4]));
        Exact(G.T[5].Data, 0.9402719838996, "catalogue");

        // FLAG-5: the sheet prints 0.92, but sin(1.22) = 0.9391 → 0.94; and 0.92 · 0.34 = 0.313 ≠ the sheet's y = 0.32.
        SheetDiffers(G.T[5].Data, 0.92, "sheet: t5 = sin(1.22) = 0.92");
        Round2(Math.Sin(1.22)).Should().Be(0.94);
        Round2(0.92 * 0.34).Should().NotBe(0.32, "the printed t5 does not give the sheet's own y");
    }

    [Fact]
    public void S002_19_B5IsCosS4()
    {
        Exact(G.B[5].Data, R.B[5]);
        Exact(G.B[5].Data, Math.Cos(R.S[4]));
        Exact(G.B[5].Data, 0.3404241417606, "catalogue");
        SheetAgrees(G.B[5].Data, 0.34, "sheet: b5 = cos(1.22) = 0.34");
    }

    [Fact]
    public void S002_20_OutputYIsT5TimesB5()
    {
        Exact(G.Y.Data, R.Y);
        Exact(G.Y.Data, R.T[5] * R.B[5]);
        Exact(G.Y.Data, SinCosReference.Forward(1.0));
        Exact(G.Y.Data, 0.3200912831406, "catalogue");
        SheetAgrees(G.Y.Data, 0.32, "sheet: y = t5 · b5 = 0.32");
    }

    [Fact]
    public void S002_21_TDot5IsB5()
    {
        Exact(G.T[5].Grad, R.TDot[5]);
        Exact(G.T[5].Grad, R.B[5], "∂(t5·b5)/∂t5 = b5");
        Exact(G.T[5].Grad, 0.3404241417606, "catalogue");

        // Value OK; the sheet writes "ṫ5 = ḃ5 = 0.34" (label typo: ṫ5 = b5, while ḃ5 = t5 ≠ 0.34).
        SheetAgrees(G.T[5].Grad, 0.34, "sheet: ṫ5 = 0.34");
    }

    [Fact]
    public void S002_22_BDot5IsT5_SheetInheritsItsWrongT5()
    {
        Exact(G.B[5].Grad, R.BDot[5]);
        Exact(G.B[5].Grad, R.T[5], "∂(t5·b5)/∂b5 = t5");
        Exact(G.B[5].Grad, 0.9402719838996, "catalogue");

        // FLAG-5: the sheet's 0.92 inherits its wrong t5 (S002-18); exact 0.9403 → 0.94.
        SheetDiffers(G.B[5].Grad, 0.92, "sheet: ḃ5 = t5 = 0.92");
    }

    [Fact]
    public void S002_23_TDot4EqualsBDot4EqualsCos2S4_SheetsMinusPointSeventyTwoIsWrong()
    {
        Exact(G.T[4].Grad, R.TDot[4]);
        Exact(G.B[4].Grad, R.BDot[4]);
        Exact(G.T[4].Grad, (R.B[5] * Math.Cos(R.S[4])) - (R.T[5] * Math.Sin(R.S[4])));
        Exact(G.T[4].Grad, Math.Cos(2 * R.S[4]), "ṫ4 = b5² − t5² = cos² s4 − sin² s4 = cos 2s4");
        Exact(G.T[4].Grad, -0.7682228074130, "catalogue");

        // FLAG-5: the sheet prints −0.72; the exact −0.7682 rounds to −0.77, and even the sheet's own inputs
        // (ṫ5 = 0.34, ḃ5 = 0.92, s4 = 1.22) give −0.747.
        SheetDiffers(G.T[4].Grad, -0.72, "sheet: ṫ4 = ḃ4 = −0.72");
        double fromSheetInputs = (0.34 * Math.Cos(1.22)) - (0.92 * Math.Sin(1.22));
        fromSheetInputs.Should().BeApproximately(-0.747, 0.0005);
        SheetDiffers(fromSheetInputs, -0.72, "not even the sheet's own numbers give −0.72");
    }

    [Fact]
    public void S002_24_TDot3EqualsBDot3()
    {
        Exact(G.T[3].Grad, R.TDot[3]);
        Exact(G.B[3].Grad, R.BDot[3]);
        Exact(G.T[3].Grad, R.TDot[4] * (Math.Cos(R.S[3]) - Math.Sin(R.S[3])));
        Exact(G.T[3].Grad, 0.5449635248586, "catalogue");

        // OK (0.545 is within half a unit of 0.54). The sheet writes ṫ1/ḃ1 where ṫ4/ḃ4 is meant (FLAG-5 label).
        // From its own −0.72 it would have got −0.72·(cos 1.31 − sin 1.31) = 0.51.
        SheetAgrees(G.T[3].Grad, 0.54, "sheet: ṫ3 = ḃ3 = 0,54");
        Round2(-0.72 * (Math.Cos(1.31) - Math.Sin(1.31))).Should().Be(0.51);
    }

    [Fact]
    public void S002_25_TDot2EqualsBDot2_SheetCarriesItsRoundedS2()
    {
        Exact(G.T[2].Grad, R.TDot[2]);
        Exact(G.B[2].Grad, R.BDot[2]);
        Exact(G.T[2].Grad, R.TDot[3] * (Math.Cos(R.S[2]) - Math.Sin(R.S[2])));
        Exact(G.T[2].Grad, -0.2892197033103, "catalogue");

        // ROUND carried: exact −0.2892 → −0.29; the sheet's −0.28 is 0.54·(cos 1.16 − sin 1.16) = −0.279.
        SheetDiffers(G.T[2].Grad, -0.28, "sheet: ṫ2 = ḃ2 = −0,28");
        Round2(0.54 * (Math.Cos(1.16) - Math.Sin(1.16))).Should().Be(-0.28);
    }

    [Fact]
    public void S002_26_TDot1EqualsBDot1_SheetCarriesItsRounding()
    {
        Exact(G.T[1].Grad, R.TDot[1]);
        Exact(G.B[1].Grad, R.BDot[1]);
        Exact(G.T[1].Grad, R.TDot[2] * (Math.Cos(R.S[1]) - Math.Sin(R.S[1])));
        Exact(G.T[1].Grad, 0.2297239862434, "catalogue");

        // ROUND carried: exact 0.2297 → 0.23; the sheet's 0.22 is −0.28·(cos 1.38 − sin 1.38) = 0.2218.
        SheetDiffers(G.T[1].Grad, 0.22, "sheet: ṫ1 = ḃ1 = 0,22");
        Round2(-0.28 * (Math.Cos(1.38) - Math.Sin(1.38))).Should().Be(0.22);
    }

    [Fact]
    public void S002_27_DyDxIsMinus0Point0691856694576_SheetsMinus0Point02IsWrong()
    {
        Exact(G.X.Grad, R.XDot);
        Exact(G.X.Grad, R.TDot[1] * (Math.Cos(1.0) - Math.Sin(1.0)));
        Exact(G.X.Grad, -0.06918566945764, "catalogue");

        // Independent check: central difference of y(x) in plain doubles, h = 1e-6 (truncation ~1e-12, rounding ~1e-10).
        const double h = 1e-6;
        double fd = (SinCosReference.Forward(1.0 + h) - SinCosReference.Forward(1.0 - h)) / (2 * h);
        G.X.Grad.Should().BeApproximately(fd, 1e-8, "backprop agrees with the central difference");

        // FLAG-5: sheet: y≈0.32 (OK); dy/dx printed −0,02 is wrong, correct −0.06918566945764 (the sheet's own
        // 0.22·(cos 1 − sin 1) = −0.066, so −0,02 is probably a misread "−0,07"). Its "cos(γ)" should be cos(x).
        SheetDiffers(G.X.Grad, -0.02, "sheet: ẋ = −0,02");
        (0.22 * (Math.Cos(1.0) - Math.Sin(1.0))).Should().BeApproximately(-0.066, 0.0005, "even the sheet's own ṫ1 gives −0.066");
        Round2(G.X.Grad).Should().Be(-0.07);
    }

    [Fact]
    public void S002_28_FactorsCosMinusSinAtXS1S2S3AreTheRatiosOfConsecutiveGradients()
    {
        // DERIVED: ṫ_k = ṫ_{k+1}(cos s_k − sin s_k) for k ≤ 3, and ẋ = ṫ1(cos x − sin x). In the graph each factor is also
        // the sum of the local derivatives of the two edges s_k → t_{k+1} (cos s_k) and s_k → b_{k+1} (−sin s_k).
        double[] points = { R.X, R.S[1], R.S[2], R.S[3] };
        double[] catalogue = { -0.3011686789398, -0.7942888524346, -0.5307138737122, -0.7093821214364 };
        Value[] downstream = { G.T[1], G.T[2], G.T[3], G.T[4] };
        Value[] upstream = { G.X, G.T[1], G.T[2], G.T[3] };
        Value[] sinNode = { G.T[1], G.T[2], G.T[3], G.T[4] };
        Value[] cosNode = { G.B[1], G.B[2], G.B[3], G.B[4] };
        for (int i = 0; i < 4; i++)
        {
            double factor = Math.Cos(points[i]) - Math.Sin(points[i]);
            Exact(factor, catalogue[i], $"catalogue factor {i}");
            Exact(upstream[i].Grad / downstream[i].Grad, factor, $"gradient ratio {i}");
            Exact(sinNode[i].LocalDerivatives[0] + cosNode[i].LocalDerivatives[0], factor, $"edge derivatives {i}");
        }
    }

    // ================================================================ 3f. 2022/09/01 edge-derivative graph

    /// <summary>
    /// The reconstructed DAG of 2022/09/01: x1, x2, x3 → v1, v2, v3 → u1, u2, u3 → o = 0.1, L = −ln o. Edge values are the
    /// local derivatives ∂y(j)/∂y(i) fixed by the text; the edges out of v2 are not determined by the sheet, so
    /// v2 → u2 = 1 is assumed (catalogue §3f; the alternative v2 → u1 = −1 gives the same ∂L/∂v2 = −10).
    /// Node values other than o are not given (0).
    /// </summary>
    private sealed class EdgeGraph0901
    {
        public EdgeGraph0901(bool alternativeV2Edge = false)
        {
            X1 = new Value(0, "x1");
            X2 = new Value(0, "x2");
            X3 = new Value(0, "x3");
            V1 = Value.FromEdges(0, (X1, -2), (X2, 3));
            V2 = Value.FromEdges(0, (X1, 4));
            V3 = Value.FromEdges(0, (X2, 2), (X3, -3));
            U1 = alternativeV2Edge ? Value.FromEdges(0, (V1, 3), (V2, -1)) : Value.FromEdges(0, (V1, 3));
            U2 = alternativeV2Edge ? Value.FromEdges(0, (V3, 1)) : Value.FromEdges(0, (V3, 1), (V2, 1));
            U3 = Value.FromEdges(0, (V3, -1));
            O = Value.FromEdges(0.1, (U1, -1), (U2, 1), (U3, 2));
            L = -O.Log();
            L.Backward();
        }

        public Value X1 { get; }

        public Value X2 { get; }

        public Value X3 { get; }

        public Value V1 { get; }

        public Value V2 { get; }

        public Value V3 { get; }

        public Value U1 { get; }

        public Value U2 { get; }

        public Value U3 { get; }

        public Value O { get; }

        public Value L { get; }
    }

    private static readonly EdgeGraph0901 E = new();

    // Hand chain rule with the same edges, as the independent reference.
    private const double DLdO = -1 / 0.1;
    private const double DLdU1 = DLdO * -1, DLdU2 = DLdO * 1, DLdU3 = DLdO * 2;
    private const double DLdV1 = DLdU1 * 3, DLdV2 = DLdU2 * 1, DLdV3 = (DLdU2 * 1) + (DLdU3 * -1);
    private const double DLdX1 = (DLdV1 * -2) + (DLdV2 * 4), DLdX2 = (DLdV1 * 3) + (DLdV3 * 2), DLdX3 = DLdV3 * -3;

    [Fact]
    public void S002_42_DLdOIsMinusOneOverO()
    {
        Exact(E.L.Data, -Math.Log(0.1), "L = −ln 0.1");
        Exact(E.O.Grad, DLdO);
        Exact(E.O.Grad, -10, "sheet: ∂L/∂o = −1/o = −10 (natural log)");
    }

    [Fact]
    public void S002_43_DLdU1IsTen()
    {
        Exact(E.U1.Grad, DLdU1);
        Exact(E.U1.Grad, 10, "sheet: −10 · (−1) = 10");
    }

    [Fact]
    public void S002_44_DLdU2IsMinusTen()
    {
        Exact(E.U2.Grad, DLdU2);
        Exact(E.U2.Grad, -10, "sheet: −10 · 1 = −10");
    }

    [Fact]
    public void S002_45_DLdU3IsMinusTwenty()
    {
        Exact(E.U3.Grad, DLdU3);
        Exact(E.U3.Grad, -20, "sheet: −10 · 2 = −20");
    }

    [Fact]
    public void S002_46_DLdV1IsThirty_SheetLabelsItDLdX1()
    {
        Exact(E.V1.Grad, DLdV1);
        Exact(E.V1.Grad, 30, "sheet: 10 · 3 = 30");

        // FLAG-9: the sheet writes "∂L/∂x1 = 30"; that is ∂L/∂v1. The real ∂L/∂x1 is −100 (S002-49).
        E.X1.Grad.Should().NotBe(30, "the sheet's label ∂L/∂x1 is wrong; 30 belongs to v1");
    }

    [Fact]
    public void S002_47_DLdV3IsTen_SheetLabelsItDLdX3()
    {
        Exact(E.V3.Grad, DLdV3);
        Exact(E.V3.Grad, 10, "sheet: (−10 · 1) + (−20 · −1) = 10");

        // FLAG-9: the sheet writes "∂L/∂x3 = 10"; that is ∂L/∂v3. The real ∂L/∂x3 is −30 (S002-51).
        E.X3.Grad.Should().NotBe(10, "the sheet's label ∂L/∂x3 is wrong; 10 belongs to v3");
    }

    [Fact]
    public void S002_48_DLdV2IsMinusTenUnderTheAssumedEdge()
    {
        // FLAG-9 (reconstructed): the sheet uses ∂L/∂v2 = −10 without deriving it. v2 → u2 = 1 assumed; sheet never
        // derives ∂L/∂v2. The alternative v2 → u1 = −1 gives the same −10 and the same input gradients.
        Exact(E.V2.Grad, DLdV2);
        Exact(E.V2.Grad, -10, "v2 → u2 = 1 assumed");

        var alt = new EdgeGraph0901(alternativeV2Edge: true);
        Exact(alt.V2.Grad, -10, "alternative v2 → u1 = −1");
        Exact(alt.X1.Grad, -100);
        Exact(alt.X2.Grad, 110);
        Exact(alt.X3.Grad, -30);
    }

    [Fact]
    public void S002_49_DLdX1IsMinusHundred()
    {
        Exact(E.X1.Grad, DLdX1);
        Exact(E.X1.Grad, -100, "sheet: (30 · −2) + (−10 · 4) = −100");
    }

    [Fact]
    public void S002_50_DLdX2IsHundredTen()
    {
        Exact(E.X2.Grad, DLdX2);
        Exact(E.X2.Grad, 110, "sheet: (30 · 3) + (10 · 2) = 110");
    }

    [Fact]
    public void S002_51_DLdX3IsMinusThirty()
    {
        Exact(E.X3.Grad, DLdX3);
        Exact(E.X3.Grad, -30, "sheet: 10 · −3 = −30");
    }

    // ================================================================ 3h. 2022/06/16 edge graph (truncated solution)

    /// <summary>
    /// 2022/06/16: p1, p2 → q1, q2, q3 → act = 0.1, L = −ln act. Edges from the text: q2 → act = 1, q3 → act = 2,
    /// p1 → q1 = 3, p2 → q1 = −2, p2 → q2 = 1. The edge q1 → act is printed as 1 ("−10·1 = −10"), but the next line uses
    /// ∂L/∂q1 = +10, so the catalogue's reconstruction takes q1 → act = −1 (as in 2022/09/01). q3 has no parents given.
    /// </summary>
    private sealed class EdgeGraph0616
    {
        public EdgeGraph0616(double q1Edge)
        {
            P1 = new Value(0, "p1");
            P2 = new Value(0, "p2");
            Q1 = Value.FromEdges(0, (P1, 3), (P2, -2));
            Q2 = Value.FromEdges(0, (P2, 1));
            Q3 = new Value(0, "q3");
            Act = Value.FromEdges(0.1, (Q1, q1Edge), (Q2, 1), (Q3, 2));
            L = -Act.Log();
            L.Backward();
        }

        public Value P1 { get; }

        public Value P2 { get; }

        public Value Q1 { get; }

        public Value Q2 { get; }

        public Value Q3 { get; }

        public Value Act { get; }

        public Value L { get; }
    }

    private static readonly EdgeGraph0616 Reconstructed = new(q1Edge: -1);
    private static readonly EdgeGraph0616 Literal = new(q1Edge: 1);

    [Fact]
    public void S002_59_DLdActIsMinusTen()
    {
        Exact(Reconstructed.Act.Grad, -1 / 0.1);
        Exact(Reconstructed.Act.Grad, -10, "sheet: −1/0.1 = −10");
        Exact(Literal.Act.Grad, -10, "independent of the q1 edge");
    }

    [Fact]
    public void S002_60_DLdQ1IsTenWithTheReconstructedEdge_SheetPrintsMinusTen()
    {
        Exact(Reconstructed.Q1.Grad, (-1 / 0.1) * -1);
        Exact(Reconstructed.Q1.Grad, 10, "edge q1 → act = −1 (reconstruction)");

        // FLAG-9: the sheet writes "−10·1 = −10" here but uses ∂L/∂q1 = +10 in the next line (10·3 = 30). The printed
        // edge 1 taken literally gives −10, which is inconsistent with the rest of the solution.
        Exact(Literal.Q1.Grad, -10, "literal edge 1: the sheet's printed −10");
    }

    [Fact]
    public void S002_61_DLdQ2IsMinusTen()
    {
        Exact(Reconstructed.Q2.Grad, (-1 / 0.1) * 1);
        Exact(Reconstructed.Q2.Grad, -10, "sheet: −10 · 1 = −10");
        Exact(Literal.Q2.Grad, -10);
    }

    [Fact]
    public void S002_62_DLdQ3IsMinusTwenty()
    {
        Exact(Reconstructed.Q3.Grad, (-1 / 0.1) * 2);
        Exact(Reconstructed.Q3.Grad, -20, "sheet: −10 · 2 = −20");
        Exact(Literal.Q3.Grad, -20);
    }

    [Fact]
    public void S002_63_DLdP1IsThirtyWithTheReconstructedEdge()
    {
        Exact(Reconstructed.P1.Grad, (-1 / 0.1) * -1 * 3);
        Exact(Reconstructed.P1.Grad, 30, "sheet: 10 · 3 = 30");

        // FLAG-9: with the literal edge 1 (∂L/∂q1 = −10) this would be −30, not the sheet's 30.
        Exact(Literal.P1.Grad, -30, "literal edge 1 is inconsistent with the sheet's 30");
    }

    [Fact]
    public void S002_64_DLdP2IsMinusThirtyWithTheReconstructedEdge()
    {
        Exact(Reconstructed.P2.Grad, ((-1 / 0.1) * -1 * -2) + ((-1 / 0.1) * 1 * 1));
        Exact(Reconstructed.P2.Grad, -30, "sheet: (10 · −2) + (−10 · 1) = −30");

        // FLAG-9: the literal edge 1 gives (−10 · −2) + (−10 · 1) = +10. The solution stops here (no ∂L/∂x). If this is
        // the same figure as 2022/09/01, its two-parent node gets −30 here where 09/01 uses −10 (catalogue note).
        Exact(Literal.P2.Grad, 10, "literal edge 1 is inconsistent with the sheet's −30");
    }

    // ================================================================ §7 properties

    [Fact]
    public void P_11_EdgeBackpropGradientIsSumOverOutEdgesOfChildGradientTimesEdge()
    {
        // The FLAG-9 DAG: ∂L/∂x = (−100, 110, −30) with v2 → u2 = 1 assumed; sheet never derives ∂L/∂v2.
        Exact(E.X1.Grad, -100);
        Exact(E.X2.Grad, 110);
        Exact(E.X3.Grad, -30);

        // The rule itself on random layered DAGs built from derivative-labelled edges: every node's gradient equals
        // Σ over its out-edges of (child's gradient × edge), and equals the sum over all paths to the output of the
        // product of the edge values (enumerated recursively here, independently of the engine's accumulation).
        foreach (ulong seed in new ulong[] { 3, 11, 2022 })
        {
            var rng = new SeededRandom(seed);
            int[] widths = { 3, 4, 3, 2, 1 };
            var layers = new List<Value[]> { Enumerable.Range(0, widths[0]).Select(i => new Value(rng.NextUniform(-1, 1), $"in{i}")).ToArray() };
            var outEdges = new Dictionary<Value, List<(Value Child, double Edge)>>(ReferenceEqualityComparer.Instance);
            foreach (Value v in layers[0])
            {
                outEdges[v] = new();
            }

            for (int l = 1; l < widths.Length; l++)
            {
                var layer = new Value[widths[l]];
                for (int j = 0; j < widths[l]; j++)
                {
                    var edges = new List<(Value, double)>();
                    for (int i = 0; i < widths[l - 1]; i++)
                    {
                        if (rng.NextDouble() < 0.7 || (i == widths[l - 1] - 1 && edges.Count == 0))
                        {
                            edges.Add((layers[l - 1][i], Math.Round(rng.NextUniform(-3, 3), 1)));
                        }
                    }

                    layer[j] = Value.FromEdges(rng.NextUniform(-1, 1), edges.ToArray());
                    outEdges[layer[j]] = new();
                    foreach ((Value parent, double edge) in edges)
                    {
                        outEdges[parent].Add((layer[j], edge));
                    }
                }

                layers.Add(layer);
            }

            Value output = layers[^1][0];
            output.Backward();

            double PathSum(Value node) =>
                ReferenceEquals(node, output) ? 1.0 : outEdges[node].Sum(e => e.Edge * PathSum(e.Child));

            foreach (Value[] layer in layers)
            {
                foreach (Value node in layer)
                {
                    if (!ReferenceEquals(node, output))
                    {
                        Exact(node.Grad, outEdges[node].Sum(e => e.Child.Grad * e.Edge), $"local rule, seed {seed}");
                    }

                    Exact(node.Grad, PathSum(node), $"sum over paths, seed {seed}");
                }
            }
        }
    }

    [Fact]
    public void P_12_SinCosGraphTDotEqualsBDotForLayersOneToFour()
    {
        // t_k and b_k enter the rest of the graph only through s_k = t_k + b_k, so ṫ_k = ḃ_k for k ≤ 4 (at any x);
        // not for k = 5, where y = t5·b5 gives ṫ5 = b5 ≠ t5 = ḃ5.
        foreach (double x in new[] { 1.0, -0.4, 0.3, 2.0, 5.5 })
        {
            var g = new SinCosGraph(x);
            var r = new SinCosReference(x);
            for (int k = 1; k <= 4; k++)
            {
                g.T[k].Grad.Should().BeApproximately(g.B[k].Grad, 1e-15, $"ṫ{k} = ḃ{k} at x = {x}");
                Exact(g.T[k].Grad, r.TDot[k], $"ṫ{k} at x = {x}");
            }

            Math.Abs(g.T[5].Grad - g.B[5].Grad).Should().BeGreaterThan(1e-3, $"ṫ5 = b5 and ḃ5 = t5 differ at x = {x}");
            Exact(g.X.Grad, r.XDot, $"dy/dx at x = {x}");
        }
    }
}
