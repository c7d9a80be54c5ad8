using Google.Protobuf;
using TinyNets.Serialization.Onnx;
using TinyNets.Serialization.Onnx.Protos;
using static TinyNets.Tests.Serialization.Onnx.OnnxImportSupport;
using static TinyNets.Tests.Serialization.Onnx.OnnxTestGraph;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// Graphs in the shapes PyTorch's exporter writes for an <c>nn.Sequential</c>, built by hand: each import computes
/// what ONNX Runtime computes on the same bytes, and its parameters are the expected values exactly (float32 widened
/// exactly, Gemm's float32 alpha and beta applied in float64, transposed weights transposed).
/// </summary>
public class OnnxImportPyTorchStyleTests
{
    // PyTorch's Linear: Gemm(x, W [out, in], b [out]) with transB = 1; float64 little-endian raw_data.
    [Fact]
    public void Gemm_with_transB_like_PyTorch_Linear_float64_raw_data()
    {
        double[] w0 = Values(20, 1), b0 = Values(5, 2), w1 = Values(15, 3), b1 = Values(3, 4);
        var g = new OnnxTestGraph(F64, 4);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [5, 4], w0), g.Initializer("0.bias", [5], b0)], Attr.Float("alpha", 1f), Attr.Float("beta", 1f), Attr.Int("transB", 1))
            .Then("Relu", "/1/Relu")
            .Then("Gemm", "/2/Gemm", [g.Initializer("2.weight", [3, 5], w1), g.Initializer("2.bias", [3], b1)], Attr.Int("transB", 1));
        byte[] bytes = g.Bytes(features: 3);

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.ElementType.Should().Be(OnnxElementType.F64);
        imported.InputName.Should().Be("input");
        imported.OutputName.Should().Be("output");
        imported.ProducerName.Should().Be("pytorch");
        imported.Network.LayerTypes().Should().Equal(typeof(Linear), typeof(ReLU), typeof(Linear));
        imported.Network.HasParameters(0, 5, 4, w0, b0);
        imported.Network.HasParameters(2, 3, 5, w1, b1);
        AgreesWithRuntime(bytes, imported, 4);
    }

    // Gemm(x, B [in, out], C) with transB = 0 and alpha, beta ≠ 1: W = alpha·Bᵀ, b = beta·C, with the float32 attributes
    // widened exactly; C as [1, out], as a scalar [] (broadcast), and absent (no bias).
    [Fact]
    public void Gemm_without_transB_with_alpha_and_beta_and_every_bias_shape()
    {
        const float alpha = 1.3f, beta = 0.7f;
        double[] b0 = Values(12, 5), c0 = Values(3, 6), b1 = Values(6, 7), b2 = Values(4, 8);
        var g = new OnnxTestGraph(F64, 4);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.B", [4, 3], b0), g.Initializer("0.C", [1, 3], c0)], Attr.Float("alpha", alpha), Attr.Float("beta", beta), Attr.Int("transB", 0))
            .Then("Tanh", "/1/Tanh")
            .Then("Gemm", "/2/Gemm", [g.Initializer("2.B", [3, 2], b1), g.Initializer("2.C", [], [0.25])], Attr.Float("beta", beta))
            .Then("Sigmoid", "/3/Sigmoid")
            .Then("Gemm", "/4/Gemm", [g.Initializer("4.B", [2, 2], b2)], Attr.Float("alpha", alpha));
        byte[] bytes = g.Bytes();

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Network.LayerTypes().Should().Equal(typeof(Linear), typeof(Tanh), typeof(Linear), typeof(Sigmoid), typeof(Linear));
        imported.Network.HasParameters(0, 3, 4, [.. Transpose(b0, 4, 3).Select(v => v * (double)alpha)], [.. c0.Select(v => v * (double)beta)]);
        imported.Network.HasParameters(2, 2, 3, Transpose(b1, 3, 2), [0.25 * (double)beta, 0.25 * (double)beta]);
        imported.Network.HasParameters(4, 2, 2, [.. Transpose(b2, 2, 2).Select(v => v * (double)alpha)], null);
        AgreesWithRuntime(bytes, imported, 4);
    }

    // Linear without Gemm: MatMul(x, Wᵀ [in, out]) then Add with the bias in either operand order, and MatMul alone.
    [Fact]
    public void MatMul_with_a_transposed_weight_and_Add_in_either_order_and_MatMul_alone()
    {
        double[] w0 = Values(15, 9), bias0 = Values(5, 10), w1 = Values(10, 11), bias1 = Values(2, 12), w2 = Values(6, 13);
        var g = new OnnxTestGraph(F64, 3);
        g.Then("MatMul", "/0/MatMul", [g.Initializer("onnx::MatMul_10", [3, 5], w0)])
            .Then("Add", "/0/Add", [g.Initializer("0.bias", [5], bias0)])
            .Then("Relu", "/1/Relu")
            .Then("MatMul", "/2/MatMul", [g.Initializer("onnx::MatMul_11", [5, 2], w1)]);
        g.Current = g.Node("Add", "/2/Add", [g.Initializer("2.bias", [1, 2], bias1), g.Current]);
        g.Then("Tanh", "/3/Tanh")
            .Then("MatMul", "/4/MatMul", [g.Initializer("onnx::MatMul_12", [2, 3], w2)]);
        byte[] bytes = g.Bytes();

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Network.LayerTypes().Should().Equal(typeof(Linear), typeof(ReLU), typeof(Linear), typeof(Tanh), typeof(Linear));
        imported.Network.HasParameters(0, 5, 3, Transpose(w0, 3, 5), bias0);
        imported.Network.HasParameters(2, 2, 5, Transpose(w1, 5, 2), bias1);
        imported.Network.HasParameters(4, 3, 2, Transpose(w2, 2, 3), null);
        AgreesWithRuntime(bytes, imported, 3);
    }

    // nn.Flatten() first: Flatten(axis = 1) of [N, in] keeps the batch and is no layer.
    [Fact]
    public void Flatten_as_the_first_node()
    {
        double[] w = Values(8, 14), b = Values(2, 15);
        var g = new OnnxTestGraph(F64, 4);
        g.Then("Flatten", "/0/Flatten", Attr.Int("axis", 1))
            .Then("Gemm", "/1/Gemm", [g.Initializer("1.weight", [2, 4], w), g.Initializer("1.bias", [2], b)], Attr.Int("transB", 1));
        byte[] bytes = g.Bytes();

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Network.LayerTypes().Should().Equal(typeof(Linear));
        imported.Network.HasParameters(0, 2, 4, w, b);
        AgreesWithRuntime(bytes, imported, 4);
    }

    // x.view(-1, in) first: Reshape with a constant int64 shape [-1, in] (a Constant node) or [0, in] (an initializer).
    [Theory]
    [InlineData(-1L, true)]
    [InlineData(0L, false)]
    public void Reshape_as_the_first_node(long batch, bool constantNode)
    {
        double[] w = Values(6, 16), b = Values(2, 17);
        var g = new OnnxTestGraph(F64, 3);
        string shape;
        if (constantNode)
        {
            var t = new TensorProto { Name = "shape", DataType = (int)TensorProto.Types.DataType.Int64 };
            t.Dims.Add(2);
            t.Int64Data.AddRange([batch, 3]);
            shape = g.Node("Constant", "/Constant", [], Attr.Tensor("value", t));
        }
        else
        {
            shape = g.Int64Initializer("shape", batch, 3);
        }

        g.Then("Reshape", "/0/Reshape", [shape])
            .Then("Gemm", "/1/Gemm", [g.Initializer("1.weight", [2, 3], w), g.Initializer("1.bias", [2], b)], Attr.Int("transB", 1));
        byte[] bytes = g.Bytes();

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Network.LayerTypes().Should().Equal(typeof(Linear));
        imported.Network.HasParameters(0, 2, 3, w, b);
        AgreesWithRuntime(bytes, imported, 3);
    }

    // Weights as Constant nodes (PyTorch's constant folding off), float64 in the typed field double_data.
    [Fact]
    public void Weights_as_Constant_nodes_in_double_data()
    {
        double[] w0 = Values(12, 18), b0 = Values(4, 19), w1 = Values(4, 20), b1 = Values(1, 21);
        var g = new OnnxTestGraph(F64, 3);
        string cw0 = g.Constant("/0/Constant", [4, 3], w0), cb0 = g.Constant("/0/Constant_1", [4], b0);
        g.Then("Gemm", "/0/Gemm", [cw0, cb0], Attr.Int("transB", 1)).Then("Relu", "/1/Relu");
        string cw1 = g.Constant("/2/Constant", [1, 4], w1), cb1 = g.Constant("/2/Constant_1", [1], b1);
        g.Then("Gemm", "/2/Gemm", [cw1, cb1], Attr.Int("transB", 1));
        byte[] bytes = g.Bytes();

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Network.LayerTypes().Should().Equal(typeof(Linear), typeof(ReLU), typeof(Linear));
        imported.Network.HasParameters(0, 4, 3, w0, b0);
        imported.Network.HasParameters(2, 1, 4, w1, b1);
        AgreesWithRuntime(bytes, imported, 3);
    }

    // A float32 model with typed float_data and every activation in its single-operator float32 form (LeakyRelu's
    // float32 alpha becomes the slope exactly; Selu with its default constants; Softmax on axis 1).
    [Fact]
    public void Float32_typed_float_data_with_every_activation_operator()
    {
        double[] w0 = Values(20, 22), b0 = Values(5, 23), w1 = Values(25, 24), w2 = Values(25, 25), w3 = Values(25, 26), w4 = Values(15, 27);
        var g = new OnnxTestGraph(F32, 4);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [5, 4], w0, raw: false), g.Initializer("0.bias", [5], b0, raw: false)], Attr.Int("transB", 1))
            .Then("LeakyRelu", "/1/LeakyRelu", Attr.Float("alpha", 0.2f))
            .Then("Gemm", "/2/Gemm", [g.Initializer("2.weight", [5, 5], w1, raw: false)], Attr.Int("transB", 1))
            .Then("Selu", "/3/Selu")
            .Then("Gemm", "/4/Gemm", [g.Initializer("4.weight", [5, 5], w2, raw: false)], Attr.Int("transB", 1))
            .Then("Softplus", "/5/Softplus")
            .Then("Gemm", "/6/Gemm", [g.Initializer("6.weight", [5, 5], w3, raw: false)], Attr.Int("transB", 1))
            .Then("Tanh", "/7/Tanh")
            .Then("Sigmoid", "/8/Sigmoid")
            .Then("Identity", "/9/Identity")
            .Then("Gemm", "/10/Gemm", [g.Initializer("10.weight", [3, 5], w4, raw: false)], Attr.Int("transB", 1))
            .Then("Relu", "/11/Relu")
            .Then("Softmax", "/12/Softmax", Attr.Int("axis", 1));
        byte[] bytes = g.Bytes();

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.ElementType.Should().Be(OnnxElementType.F32);
        imported.Network.LayerTypes().Should().Equal(
            typeof(Linear), typeof(LeakyReLU), typeof(Linear), typeof(Selu), typeof(Linear), typeof(Softplus), typeof(Linear),
            typeof(Tanh), typeof(Sigmoid), typeof(Identity), typeof(Linear), typeof(ReLU), typeof(Softmax));
        ((LeakyReLU)imported.Network[1]).NegativeSlope.Should().Be((double)0.2f);
        imported.Network.HasParameters(0, 5, 4, AsFloat32(w0), AsFloat32(b0));
        imported.Network.HasParameters(2, 5, 5, AsFloat32(w1), null);
        imported.Network.HasParameters(10, 3, 5, AsFloat32(w4), null);
        AgreesWithRuntimeF32(bytes, imported, 4);
    }

    // LeakyRelu without its attribute: ONNX's default alpha, 0.01 as float32, widened exactly.
    [Fact]
    public void LeakyRelu_default_alpha_is_the_float32_of_0_01()
    {
        var g = new OnnxTestGraph(F32, 2);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [2, 2], [1, -2, 3, -4])], Attr.Int("transB", 1)).Then("LeakyRelu", "/1/LeakyRelu");
        byte[] bytes = g.Bytes();

        OnnxImport imported = OnnxFile.Load(bytes);

        ((LeakyReLU)imported.Network[1]).NegativeSlope.Should().Be((double)0.01f).And.NotBe(0.01);
        AgreesWithRuntimeF32(bytes, imported, 2);
    }

    // An inference graph that kept a Dropout (with its ratio input and an unused mask output): a Dropout layer with the
    // ratio as p, in eval mode (the identity, as ONNX Runtime runs the node).
    [Fact]
    public void Dropout_in_the_chain_becomes_a_Dropout_layer_in_eval_mode()
    {
        double[] w0 = Values(12, 28), w1 = Values(8, 29);
        var g = new OnnxTestGraph(F64, 3);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [4, 3], w0)], Attr.Int("transB", 1));
        string ratio = g.Initializer("ratio", [], [0.375]);
        var dropout = new NodeProto { OpType = "Dropout", Name = "/1/Dropout", Input = { g.Current, ratio }, Output = { "/1/Dropout:0", "/1/Dropout:1" } };
        g.Graph.Node.Add(dropout);
        g.Current = "/1/Dropout:0";
        g.Then("Relu", "/2/Relu").Then("Gemm", "/3/Gemm", [g.Initializer("3.weight", [2, 4], w1)], Attr.Int("transB", 1));
        byte[] bytes = g.Bytes();

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Network.LayerTypes().Should().Equal(typeof(Linear), typeof(Dropout), typeof(ReLU), typeof(Linear));
        ((Dropout)imported.Network[1]).P.Should().Be(0.375);
        imported.Network.Training.Should().BeFalse();
        ((Dropout)imported.Network[1]).Training.Should().BeFalse();
        imported.Network.HasParameters(0, 4, 3, w0, null);
        AgreesWithRuntime(bytes, imported, 3);
    }

    // An older export (opset 11, IR 6): initializers also listed as graph inputs, Softmax without axis (1 before opset 13).
    [Fact]
    public void Opset_11_with_initializers_among_the_inputs_and_the_default_Softmax_axis()
    {
        double[] w = Values(12, 30), b = Values(4, 31);
        var g = new OnnxTestGraph(F64, 3);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [4, 3], w), g.Initializer("0.bias", [4], b)], Attr.Int("transB", 1))
            .Then("Softmax", "/1/Softmax");
        g.Graph.Input.Add(new ValueInfoProto
        {
            Name = "0.weight",
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = F64 } },
        });
        g.Graph.Input.Add(new ValueInfoProto
        {
            Name = "0.bias",
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = F64 } },
        });
        ModelProto model = g.Model(opset: 11);
        model.IrVersion = 6;
        byte[] bytes = model.ToByteArray();

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Network.LayerTypes().Should().Equal(typeof(Linear), typeof(Softmax));
        imported.Network.HasParameters(0, 4, 3, w, b);
        AgreesWithRuntime(bytes, imported, 3);
    }

    // A float64 input with float32 weights (and a float64 bias): each initializer is widened exactly, whatever its type.
    [Fact]
    public void Initializers_of_the_other_float_type_are_widened_exactly()
    {
        double[] w = Values(6, 32), b = Values(2, 33);
        var g = new OnnxTestGraph(F64, 3);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [2, 3], w, F32), g.Initializer("0.bias", [2], b, F64)], Attr.Int("transB", 1));

        OnnxImport imported = OnnxFile.Load(g.Bytes());

        imported.ElementType.Should().Be(OnnxElementType.F64);
        imported.Network.HasParameters(0, 2, 3, AsFloat32(w), b);
    }
    // PyTorch without dynamic axes fixes the batch: input [1, in], and x.view(1, in) reshapes to that fixed batch.
    [Fact]
    public void A_fixed_batch_input_and_a_Reshape_to_it()
    {
        double[] w = Values(6, 34);
        var g = new OnnxTestGraph(F64, 3, batch: 1);
        g.Then("Reshape", "/0/Reshape", [g.Int64Initializer("shape", 1, 3)])
            .Then("Gemm", "/1/Gemm", [g.Initializer("1.weight", [2, 3], w)], Attr.Int("transB", 1));

        OnnxImport imported = OnnxFile.Load(g.Bytes());

        imported.Network.HasParameters(0, 2, 3, w, null);
    }

    // torch.onnx writes nn.Softplus(beta) with β ≠ 1 as Mul(x, β), Softplus, Div(β) (ONNX's Softplus has no β): it is
    // read as PyTorch's layer, Softplus(beta, threshold 20), with the float32 β widened exactly.
    [Fact]
    public void Torchs_Mul_Softplus_Div_is_Softplus_with_beta()
    {
        double[] w = Values(12, 31);
        var g = new OnnxTestGraph(F32, 4);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [3, 4], w)], Attr.Int("transB", 1))
            .Then("Mul", "/1/Mul", [g.Initializer("1.beta", [], [0.7])])
            .Then("Softplus", "/1/Softplus")
            .Then("Div", "/1/Div", [g.Initializer("1.beta_div", [], [0.7])]);
        byte[] bytes = g.Bytes();

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Network.LayerTypes().Should().Equal(typeof(Linear), typeof(Softplus));
        var softplus = (Softplus)imported.Network[1];
        softplus.Beta.Should().Be((double)0.7f);
        softplus.Threshold.Should().Be(20);
        AgreesWithRuntimeF32(bytes, imported, 4);
    }

    [Fact]
    public void A_Mul_that_is_not_torchs_Softplus_form_is_refused()
    {
        var g = new OnnxTestGraph(F32, 2);
        g.Then("Mul", "/0/Mul", [g.Initializer("0.c", [], [2.0])]).Then("Relu", "/1/Relu");
        FluentActions.Invoking(() => OnnxFile.Load(g.Bytes())).Should().Throw<NotSupportedException>().WithMessage("*'/0/Mul'*Mul(x, β), Softplus, Div(β)*");

        var h = new OnnxTestGraph(F32, 2);
        h.Then("Mul", "/0/Mul", [h.Initializer("0.beta", [], [2.0])]).Then("Softplus", "/0/Softplus").Then("Div", "/0/Div", [h.Initializer("0.other", [], [3.0])]);
        FluentActions.Invoking(() => OnnxFile.Load(h.Bytes())).Should().Throw<NotSupportedException>().WithMessage("*beta_again*3*2*");

        var k = new OnnxTestGraph(F32, 2);
        k.Then("Mul", "/0/Mul", [k.Initializer("0.beta", [], [-2.0])]).Then("Softplus", "/0/Softplus").Then("Div", "/0/Div", [k.Initializer("0.other", [], [-2.0])]);
        FluentActions.Invoking(() => OnnxFile.Load(k.Bytes())).Should().Throw<NotSupportedException>().WithMessage("*beta is -2*positive finite beta*");
    }

    // LogSoftmax over the features: axis −1, or 1, or (before opset 13) the default 1; ONNX Runtime's double kernel
    // agrees to 1e-12.
    [Theory]
    [InlineData(-1L, 21L)]
    [InlineData(1L, 21L)]
    [InlineData(null, 11L)]
    public void LogSoftmax_over_the_features_is_LogSoftmax(long? axis, long opset)
    {
        double[] w = Values(12, 32, 4.0), b = Values(3, 33);
        var g = new OnnxTestGraph(F64, 4);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [3, 4], w), g.Initializer("0.bias", [3], b)], Attr.Int("transB", 1));
        if (axis is long a)
        {
            g.Then("LogSoftmax", "/1/LogSoftmax", Attr.Int("axis", a));
        }
        else
        {
            g.Then("LogSoftmax", "/1/LogSoftmax");
        }

        byte[] bytes = g.Bytes(opset: opset);

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Network.LayerTypes().Should().Equal(typeof(Linear), typeof(LogSoftmax));
        AgreesWithRuntime(bytes, imported, 4, inputScale: 4.0);
    }

    [Fact]
    public void LogSoftmax_over_the_batch_is_refused()
    {
        var g = new OnnxTestGraph(F64, 3);
        g.Then("LogSoftmax", "/0/LogSoftmax", Attr.Int("axis", 0));
        FluentActions.Invoking(() => OnnxFile.Load(g.Bytes())).Should().Throw<NotSupportedException>().WithMessage("*axis = 0*LogSoftmax*");
    }
}
