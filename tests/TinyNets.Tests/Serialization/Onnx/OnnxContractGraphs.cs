using Google.Protobuf;
using TinyNets.Data;
using TinyNets.Serialization.Onnx;
using TinyNets.Serialization.Onnx.Protos;
using static TinyNets.Tests.Serialization.Onnx.OnnxTestGraph;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// Writes a network as the graph TinyNets' exporter writes (the format's contract, node for node: Gemm with transB = 1,
/// the float64 composites of LeakyReLU, SELU and Softplus, float32's Softplus, LogSoftmax, the scalers, the probabilities output), independently of the
/// exporter, so that the importer is tested against the contract itself.
/// </summary>
internal static class OnnxContractGraphs
{
    public static ModelProto Build(
        Sequential network,
        int elemType = F64,
        FeatureScaler? inputScaler = null,
        FeatureScaler? targetScaler = null,
        OnnxProbabilities probabilities = OnnxProbabilities.None,
        string input = "input",
        string output = "output",
        string probabilitiesName = "probabilities")
    {
        var g = new OnnxTestGraph(elemType, network.InputSize, input);
        g.Graph.Name = "tinynets";
        if (inputScaler is not null)
        {
            (double[] center, double[] scale, double width, double low) = Parts(inputScaler);
            long n = center.Length;
            g.Then("Sub", "/input_scaler/Sub", [g.Initializer("input_scaler.center", [n], center)])
                .Then("Div", "/input_scaler/Div", [g.Initializer("input_scaler.scale", [n], scale)])
                .Then("Mul", "/input_scaler/Mul", [g.Initializer("input_scaler.width", [], [width])])
                .Then("Add", "/input_scaler/Add", [g.Initializer("input_scaler.low", [], [low])]);
        }

        if (network.Count == 1 && network[0] is Identity && network.InputSize is null)
        {
            g.Then("Identity", "/Identity");
        }
        else
        {
            for (int k = 0; k < network.Count; k++)
            {
                Layer(g, k, network[k], elemType);
            }
        }

        if (targetScaler is not null)
        {
            (double[] center, double[] scale, double width, double low) = Parts(targetScaler);
            long n = center.Length;
            g.Then("Sub", "/target_scaler/Sub", [g.Initializer("target_scaler.low", [], [low])])
                .Then("Div", "/target_scaler/Div", [g.Initializer("target_scaler.width", [], [width])])
                .Then("Mul", "/target_scaler/Mul", [g.Initializer("target_scaler.scale", [n], scale)])
                .Then("Add", "/target_scaler/Add", [g.Initializer("target_scaler.center", [n], center)]);
        }

        g.Rename(g.Current, output);
        g.Current = output;
        var extra = new List<(string, int?)>();
        if (probabilities != OnnxProbabilities.None)
        {
            string op = probabilities == OnnxProbabilities.Softmax ? "Softmax" : "Sigmoid";
            AttributeProto[] attributes = op == "Softmax" ? [Attr.Int("axis", -1)] : [];
            string p = g.Node(op, "/probabilities/" + op, [output], attributes);
            g.Rename(p, probabilitiesName);
            extra.Add((probabilitiesName, network.OutputSize));
        }

        ModelProto model = g.Model(output, network.OutputSize, OnnxFile.OpsetVersion, [.. extra]);
        model.ProducerName = OnnxFile.ProducerName;
        model.ProducerVersion = "1.0.0";
        return model;
    }

    public static byte[] Bytes(Sequential network, int elemType = F64, FeatureScaler? inputScaler = null, FeatureScaler? targetScaler = null,
        OnnxProbabilities probabilities = OnnxProbabilities.None) =>
        Build(network, elemType, inputScaler, targetScaler, probabilities).ToByteArray();

    /// <summary>center, scale, width, low of TinyNets' map x ↦ ((x − center)/scale)·width + low.</summary>
    public static (double[] Center, double[] Scale, double Width, double Low) Parts(FeatureScaler scaler) => scaler switch
    {
        StandardScaler s => ([.. s.Means], [.. s.Scales], 1.0, 0.0),
        MinMaxScaler m => ([.. m.DataMin], [.. m.DataMin.Select((min, i) => m.DataMax[i] - min is var r && r == 0 ? 1.0 : r)], m.RangeMax - m.RangeMin, m.RangeMin),
        _ => throw new ArgumentException("Unknown scaler.", nameof(scaler)),
    };

    private static void Layer(OnnxTestGraph g, int k, Layer layer, int elemType)
    {
        string p = "/" + k.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/";
        string c(string name) => k.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + name;
        bool f64 = elemType == F64;
        switch (layer)
        {
            case Linear linear:
                string w = g.Initializer(c("weight"), [linear.OutFeatures, linear.InFeatures], RowMajor(linear));
                string[] inputs = linear.Bias is null ? [w] : [w, g.Initializer(c("bias"), [linear.OutFeatures], linear.Bias.Data.ToArray())];
                g.Then("Gemm", p + "Gemm", inputs, Attr.Int("transB", 1));
                break;
            case ReLU:
                g.Then("Relu", p + "Relu");
                break;
            case Sigmoid:
                g.Then("Sigmoid", p + "Sigmoid");
                break;
            case Tanh:
                g.Then("Tanh", p + "Tanh");
                break;
            case Identity:
                g.Then("Identity", p + "Identity");
                break;
            case Softmax:
                g.Then("Softmax", p + "Softmax", Attr.Int("axis", -1));
                break;
            case LeakyReLU leaky when !f64:
                g.Then("LeakyRelu", p + "LeakyRelu", Attr.Float("alpha", (float)leaky.NegativeSlope));
                break;
            case LeakyReLU leaky:
            {
                string x = g.Current, q = p + "LeakyRelu/";
                string cond = g.Node("Greater", q + "Greater", [x, g.Initializer(c("zero"), [], [0.0])]);
                string m = g.Node("Mul", q + "Mul", [x, g.Initializer(c("negative_slope"), [], [leaky.NegativeSlope])]);
                g.Current = g.Node("Where", q + "Where", [cond, x, m]);
                break;
            }

            case Selu when !f64:
                g.Then("Selu", p + "Selu", Attr.Float("alpha", (float)Selu.Alpha), Attr.Float("gamma", (float)Selu.Lambda));
                break;
            case Selu:
            {
                string x = g.Current, q = p + "Selu/";
                string one = g.Initializer(c("one"), [], [1.0]);
                string cond = g.Node("Greater", q + "Greater", [x, g.Initializer(c("zero"), [], [0.0])]);
                string u = g.Node("Exp", q + "Exp", [x]);
                string um1 = g.Node("Sub", q + "Sub", [u, one]);
                string kahan = g.Node("Div", q + "Div", [g.Node("Mul", q + "Mul", [um1, x]), g.Node("Log", q + "Log", [u])]);
                string small = g.Node("Where", q + "Where", [g.Node("Equal", q + "Equal", [um1, g.Initializer(c("minus_one"), [], [-1.0])]), um1, kahan]);
                string em1 = g.Node("Where", q + "Where_1", [g.Node("Equal", q + "Equal_1", [u, one]), x, small]);
                string pos = g.Node("Mul", q + "Mul_1", [x, g.Initializer(c("lambda"), [], [Selu.Lambda])]);
                string neg = g.Node("Mul", q + "Mul_2", [em1, g.Initializer(c("lambda_alpha"), [], [Selu.Lambda * Selu.Alpha])]);
                g.Current = g.Node("Where", q + "Where_2", [cond, pos, neg]);
                break;
            }

            case Softplus softplus when !f64:
            {
                // torch.onnx's form; a threshold below 20 adds Where(Greater(β·x, threshold), x, ·).
                string x = g.Current, bx = x, beta = "";
                if ((float)softplus.Beta != 1)
                {
                    beta = g.Initializer(c("beta"), [], [softplus.Beta]);
                    bx = g.Node("Mul", p + "Mul", [x, beta]);
                }

                string y = g.Node("Softplus", p + "Softplus", [bx]);
                if (beta.Length > 0)
                {
                    y = g.Node("Div", p + "Div", [y, beta]);
                }

                if (softplus.Threshold < 20)
                {
                    string threshold = g.Initializer(c("threshold"), [], [Math.Max(softplus.Threshold, -float.MaxValue)]);
                    y = g.Node("Where", p + "Where", [g.Node("Greater", p + "Greater", [bx, threshold]), x, y]);
                }

                g.Current = y;
                break;
            }

            case Softplus softplus:
            {
                string x = g.Current, q = p + "Softplus/";
                string beta = g.Initializer(c("beta"), [], [softplus.Beta]);
                string bx = g.Node("Mul", q + "Mul", [x, beta]);
                string a = g.Node("Abs", q + "Abs", [bx]);
                string t = g.Node("Exp", q + "Exp", [g.Node("Neg", q + "Neg", [a])]);
                string one = g.Initializer(c("one"), [], [1.0]);
                string u = g.Node("Add", q + "Add", [t, one]);
                string gg = g.Node("Div", q + "Div", [g.Node("Mul", q + "Mul_1", [t, g.Node("Log", q + "Log", [u])]), g.Node("Sub", q + "Sub", [u, one])]);
                string l = g.Node("Where", q + "Where", [g.Node("Equal", q + "Equal", [u, one]), t, gg]);
                string scaled = g.Node("Div", q + "Div_1", [l, beta]);
                string formula = g.Node("Add", q + "Add_1", [g.Node("Relu", q + "Relu", [x]), scaled]);
                string threshold = g.Initializer(c("threshold"), [], [softplus.Threshold]);
                g.Current = g.Node("Where", q + "Where_1", [g.Node("Greater", q + "Greater", [bx, threshold]), x, formula]);
                break;
            }

            case LogSoftmax:
                g.Then("LogSoftmax", p + "LogSoftmax", Attr.Int("axis", -1));
                break;

            default:
                throw new ArgumentException($"No contract form for {layer}.", nameof(layer));
        }
    }

    /// <summary>
    /// The float64 Softplus form of the versions before Softplus had β and a threshold, max(x, 0) + log1p(e^(−|x|)) with
    /// Goldberg's log1p: the exact softplus, appended to <paramref name="g"/> as layer <paramref name="k"/>.
    /// </summary>
    public static void ExactSoftplus(OnnxTestGraph g, int k)
    {
        string p = "/" + k.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/Softplus/";
        string x = g.Current;
        string one = g.Initializer(k.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".one", [], [1.0]);
        string a = g.Node("Abs", p + "Abs", [x]);
        string t = g.Node("Exp", p + "Exp", [g.Node("Neg", p + "Neg", [a])]);
        string u = g.Node("Add", p + "Add", [t, one]);
        string gg = g.Node("Div", p + "Div", [g.Node("Mul", p + "Mul", [t, g.Node("Log", p + "Log", [u])]), g.Node("Sub", p + "Sub", [u, one])]);
        string l = g.Node("Where", p + "Where", [g.Node("Equal", p + "Equal", [u, one]), t, gg]);
        g.Current = g.Node("Add", p + "Add_1", [g.Node("Relu", p + "Relu", [x]), l]);
    }

    /// <summary>A Linear's weight [out, in] in row-major order (TinyNets stores it column-major).</summary>
    public static double[] RowMajor(Linear linear)
    {
        int o = linear.OutFeatures, n = linear.InFeatures;
        var w = new double[o * n];
        for (int r = 0; r < o; r++)
        {
            for (int col = 0; col < n; col++)
            {
                w[(r * n) + col] = linear.Weight.Data[(col * o) + r];
            }
        }

        return w;
    }
}
