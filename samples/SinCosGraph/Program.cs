// Sheet 002 (exam 2023/07/06): backpropagation through a chain of sin/cos nodes at x = 1 rad, with the scalar
// autodiff engine. Prints the forward and backward passes as the sheet lays them out, next to the sheet's figures,
// and writes the graph as Graphviz DOT (sincos.dot next to the program; render with `dot -Tpng sincos.dot -o sincos.png`).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using TinyNets.Autodiff;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// Layer 1: t1 = sin x, b1 = cos x. Layers k = 2…5: s = t + b of the layer before, t_k = sin s, b_k = cos s. Output y = t5 · b5.
var x = new Value(1.0, "x");
var t = new List<Value> { x.Sin() };
var b = new List<Value> { x.Cos() };
var s = new List<Value>();
t[0].Label = "t1";
b[0].Label = "b1";
for (int k = 2; k <= 5; k++)
{
    Value sum = t[^1] + b[^1];
    sum.Label = $"s{k - 1}";
    s.Add(sum);
    Value tk = sum.Sin();
    Value bk = sum.Cos();
    tk.Label = $"t{k}";
    bk.Label = $"b{k}";
    t.Add(tk);
    b.Add(bk);
}

Value y = t[4] * b[4];
y.Label = "y";
y.Backward();

// The sheet's printed figures (ṫ and ḃ are equal in layers 1…4: both enter the next layer only through t + b).
string[] sheetT = ["0.84", "0.98", "0.91", "0.92", "0.92"];
string[] sheetB = ["0.54", "0.18", "0.40", "0.25", "0.34"];
string[] sheetS = ["1.38", "1.16", "1.31", "1.22"];
string[] sheetTDot = ["0,22", "−0,28", "0,54", "−0.72", "0.34"];
string[] sheetBDot = ["0,22", "−0,28", "0,54", "−0.72", "0.92"];

Console.WriteLine("Sheet 002, 2023/07/06: sin/cos computational graph at x = 1 rad");
Console.WriteLine();
Console.WriteLine("Forward pass                      exact              sheet");
for (int k = 1; k <= 5; k++)
{
    if (k > 1)
    {
        Row($"h{k}  s{k - 1} = t{k - 1} + b{k - 1}", s[k - 2].Data, sheetS[k - 2]);
    }

    Row($"h{k}  t{k} = {(k == 1 ? "sin x" : $"sin s{k - 1}")}", t[k - 1].Data, sheetT[k - 1]);
    Row($"h{k}  b{k} = {(k == 1 ? "cos x" : $"cos s{k - 1}")}", b[k - 1].Data, sheetB[k - 1]);
}

Row("output y = t5 · b5", y.Data, "0.32");
Console.WriteLine();
Console.WriteLine("Backward pass (ṫ = ∂y/∂t)         exact              sheet");
for (int k = 5; k >= 1; k--)
{
    Row($"h{k}  ṫ{k}", t[k - 1].Grad, sheetTDot[k - 1]);
    Row($"h{k}  ḃ{k}", b[k - 1].Grad, sheetBDot[k - 1]);
}

Row("input ẋ = dy/dx", x.Grad, "−0,02");

// An independent check: central difference of the same function.
const double h = 1e-6;
double central = (F(1 + h) - F(1 - h)) / (2 * h);
Console.WriteLine();
Console.WriteLine($"central difference (h = 1e-6): {central:F12}");
Console.WriteLine();
Console.WriteLine("Where the sheet differs: b2 is truncated (0.1879 → 0.18) and carried into s2 = 1.16; t4 = 0.92 should be 0.966");
Console.WriteLine("(its own s4 = 1.22 needs 0.97); t5 = 0.92 should be 0.940; ṫ4 = −0.72 should be −0.768; and the final");
Console.WriteLine("dy/dx = −0.02 is wrong — even the sheet's own ṫ1 = 0.22 gives 0.22·(cos 1 − sin 1) = −0.066. Exact: −0.0692.");

// Next to the program, so running it from anywhere leaves no files behind in the working tree.
string dotPath = Path.Combine(AppContext.BaseDirectory, "sincos.dot");
File.WriteAllText(dotPath, y.ToDot("sincos"));
Console.WriteLine();
Console.WriteLine($"wrote {dotPath}");

static void Row(string what, double exact, string sheet) => Console.WriteLine($"{what,-30} {exact,16:F12}   {sheet,7}");

static double F(double x0)
{
    double tk = Math.Sin(x0), bk = Math.Cos(x0);
    for (int k = 2; k <= 5; k++)
    {
        double sk = tk + bk;
        (tk, bk) = (Math.Sin(sk), Math.Cos(sk));
    }

    return tk * bk;
}
