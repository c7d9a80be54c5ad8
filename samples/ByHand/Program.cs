// ByHand: the worked example of exercise sheet 004 step by step (every intermediate and gradient), then a training loop written out by hand on XOR.
using System;
using System.Globalization;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine("== Sheet 004: h = ReLU(Wʰx + bʰ), ŷ = Wᵒh + bᵒ, softplus loss ln(1 + exp((1 − 2y)ŷ)) ==");
var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
net.SetParameter("0.weight", new[,] { { 0.2, 0.4 }, { 0.8, 0.1 }, { 2.0, 0.5 } });
net.SetParameter("0.bias", new[] { 1.0, 1.0, -4.0 });
net.SetParameter("2.weight", new[,] { { 0.5, -1.0, 0.0 } });
net.SetParameter("2.bias", new[] { 3.0 });
Console.WriteLine(net);

var x = Matrix<double>.Build.DenseOfColumnArrays(new[] { 1.0, 2.0 });
var y = Matrix<double>.Build.Dense(1, 1, -1.0);
net.Forward(x);
Console.WriteLine($"x            = {Row(x)}");
Console.WriteLine($"z = Wʰx + bʰ = {Row(net[0].Output!)}");
Console.WriteLine($"h = ReLU(z)  = {Row(net[1].Output!)}");
Console.WriteLine($"ŷ = Wᵒh + bᵒ = {Row(net[2].Output!)}");

var loss = new SoftplusLoss();
double l = loss.Forward(net.Output!, y);
Console.WriteLine($"L(y = −1)    = {l:R}   (the sheet: ≈ 6)");
net.Backward(loss.Backward());
Console.WriteLine($"∂L/∂ŷ        = {Row(loss.Backward())}   (the sheet: ≈ 3)");
foreach (var (name, parameter) in net.NamedParameters)
{
    Console.WriteLine($"∂L/∂{name,-8} = {Row(parameter.Gradient)}");
}

new Sgd(net, learningRate: 0.1).Step();
Console.WriteLine($"W¹²  after one SGD step (η = 0.1) = {net.GetParameter("0.weight").Value[0, 1]:R}   (the sheet: 0.4 − 0.3 = 0.1)");

Console.WriteLine();
Console.WriteLine("== XOR with a 2-4-1 tanh net, binary cross-entropy on logits, full-batch SGD ==");
var xor = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 1)).Initialize(seed: 7);
var inputs = Matrix<double>.Build.DenseOfColumnArrays(new[] { 0.0, 0.0 }, new[] { 0.0, 1.0 }, new[] { 1.0, 0.0 }, new[] { 1.0, 1.0 });
var targets = Matrix<double>.Build.DenseOfRowArrays(new[] { 0.0, 1.0, 1.0, 0.0 });
var bce = new BceWithLogitsLoss();
var sgd = new Sgd(xor, learningRate: 0.5);
for (int epoch = 0; epoch <= 2000; epoch++)
{
    double value = bce.Forward(xor.Forward(inputs), targets);
    if (epoch % 400 == 0)
    {
        Console.WriteLine($"epoch {epoch,4}: loss {value:F6}");
    }

    xor.Backward(bce.Backward());
    sgd.Step();
}

var probabilities = xor.Forward(inputs).Map(Sigmoid.Function);
Console.WriteLine($"P(y = 1) for (0,0), (0,1), (1,0), (1,1): {Row(probabilities)}");
Console.WriteLine($"parameters: {xor.CountParameters().Total} ({xor.CountParameters().Weights} weights, {xor.CountParameters().Biases} biases)");

// A column prints as one row [a, b]; a matrix row by row [[a, b], [c, d]].
static string Row(Matrix<double> m) => m.ColumnCount == 1 || m.RowCount == 1
    ? "[" + string.Join(", ", m.ToColumnMajorArray().Select(Format)) + "]"
    : "[" + string.Join(", ", m.EnumerateRows().Select(r => "[" + string.Join(", ", r.Select(Format)) + "]")) + "]";

static string Format(double v) => v.ToString("0.################", CultureInfo.InvariantCulture);
