// Writes sheet 004's worked solution as a LaTeX document (the README's picture is its first page):
//   bash docs/images/make-worked-solution-png.sh
#:project ../../src/TinyNets/TinyNets.csproj
#:property TargetFramework=net10.0
#:property NoWarn=$(NoWarn);CA1861
using System.IO;
using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.WorkedSolutions;

var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
net.SetParameter("0.weight", new[,] { { 0.2, 0.4 }, { 0.8, 0.1 }, { 2.0, 0.5 } });
net.SetParameter("0.bias", new[] { 1.0, 1.0, -4.0 });
net.SetParameter("2.weight", new[,] { { 0.5, -1.0, 0.0 } });
net.SetParameter("2.bias", new[] { 3.0 });
var notation = new WorkedNotation { IndexBase = 1, Layers = [new("z", "W¹", "b¹"), new("h"), new("ŷ", "W²", "b²")] };
WorkedSolution solution = WorkedSolution.Create(net, [1.0, 2.0], [-1.0], new SoftplusLoss(), 0.1, "0.weight", 0, 1, notation);
File.WriteAllText(args[0], solution.ToLatexDocument(new WorkedTextOptions { NumberFormat = WorkedNumberFormat.Significant(6) }, "Sheet 004, worked by TinyNets"));
