// Uses TinyNets as a package: sheet 004's forward pass, softplus loss and one SGD step, then an ONNX export read back
// (the package's protobuf dependency at work); exits non-zero on a wrong number.
using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Serialization.Onnx;

var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
net.SetParameter("0.weight", new[,] { { 0.2, 0.4 }, { 0.8, 0.1 }, { 2.0, 0.5 } });
net.SetParameter("0.bias", new[] { 1.0, 1.0, -4.0 });
net.SetParameter("2.weight", new[,] { { 0.5, -1.0, 0.0 } });
net.SetParameter("2.bias", new[] { 3.0 });
var loss = new SoftplusLoss();
double value = loss.Forward(net.Forward(Matrix<double>.Build.DenseOfColumnArrays(new[] { 1.0, 2.0 })), Matrix<double>.Build.Dense(1, 1, -1.0));
net.Backward(loss.Backward());
new Sgd(net, 0.1).Step();
double w12 = net.GetParameter("0.weight").Value[0, 1];

// Expected values: ln(1 + e⁶) and 0.4 − 0.1·3σ(6)·0.5·1·2, in closed form.
double expectedLoss = Math.Log(1 + Math.Exp(6));
double expectedW12 = 0.4 - (0.1 * 3 / (1 + Math.Exp(-6)));
bool ok = Math.Abs(value - expectedLoss) < 1e-12 && Math.Abs(w12 - expectedW12) < 1e-12;

// The updated network through ONNX (float64) and back: the same weight, bit for bit.
double roundTrip = OnnxFile.Load(net.ToOnnx()).Network.GetParameter("0.weight").Value[0, 1];
ok &= roundTrip.Equals(w12);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"package consumer: loss {value:R}, w12 {w12:R}, after ONNX {roundTrip:R}: {(ok ? "ok" : "WRONG")}"));
return ok ? 0 : 1;
