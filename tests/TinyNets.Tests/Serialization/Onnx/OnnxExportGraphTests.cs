using System.Buffers.Binary;
using TinyNets.Data;
using TinyNets.Serialization.Onnx;
using TinyNets.Serialization.Onnx.Protos;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// The graph an export writes, node by node and initializer by initializer, as docs/onnx.md states it (the contract an
/// importer reads): node names, operators, the order of their inputs, attributes, initializer names, dims and bytes.
/// </summary>
public class OnnxExportGraphTests
{
    private static ModelProto Export(Sequential net, OnnxExportOptions? options = null) => ModelProto.Parser.ParseFrom(net.ToOnnx(options));

    // "name: Op(inputs) -> output" per node, for readable comparisons.
    private static string[] Nodes(ModelProto model) =>
        model.Graph.Node.Select(n => $"{n.Name}: {n.OpType}({string.Join(", ", n.Input)}) -> {string.Join(", ", n.Output)}").ToArray();

    private static TensorProto Initializer(ModelProto model, string name) => model.Graph.Initializer.Single(t => t.Name == name);

    private static double[] Doubles(TensorProto t)
    {
        byte[] raw = t.RawData.ToByteArray();
        return Enumerable.Range(0, raw.Length / 8).Select(i => BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan(i * 8))).ToArray();
    }

    private static float[] Singles(TensorProto t)
    {
        byte[] raw = t.RawData.ToByteArray();
        return Enumerable.Range(0, raw.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * 4))).ToArray();
    }

    [Fact]
    public void Linear_IsAGemmWithTransB_AndTheStateDictsTensors_OutByInRowMajor()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1, bias: false));
        net.SetParameter("0.weight", new double[,] { { 1, 2 }, { 11, 12 }, { 21, 22 } });
        net.SetParameter("0.bias", [0.5, -0.5, 0.25]);
        net.SetParameter("2.weight", new double[,] { { 7, 8, 9 } });

        ModelProto model = Export(net);

        model.Graph.Name.Should().Be("tinynets");
        Nodes(model).Should().Equal(
            "/0/Gemm: Gemm(input, 0.weight, 0.bias) -> /0/Gemm:0",
            "/1/Relu: Relu(/0/Gemm:0) -> /1/Relu:0",
            "/2/Gemm: Gemm(/1/Relu:0, 2.weight) -> output");
        NodeProto gemm = model.Graph.Node[0];
        gemm.Attribute.Should().ContainSingle();
        gemm.Attribute[0].Name.Should().Be("transB");
        gemm.Attribute[0].Type.Should().Be(AttributeProto.Types.AttributeType.Int);
        gemm.Attribute[0].I.Should().Be(1);
        model.Graph.Initializer.Select(t => t.Name).Should().Equal("0.weight", "0.bias", "2.weight");
        TensorProto w = Initializer(model, "0.weight");
        w.Dims.Should().Equal(3, 2);
        w.DataType.Should().Be((int)TensorProto.Types.DataType.Double);
        Doubles(w).Should().Equal(1, 2, 11, 12, 21, 22);
        Initializer(model, "0.bias").Dims.Should().Equal(3);
        Doubles(Initializer(model, "0.bias")).Should().Equal(0.5, -0.5, 0.25);
        Initializer(model, "2.weight").Dims.Should().Equal(1, 3);
        model.Graph.Input.Single().Name.Should().Be("input");
        model.Graph.Output.Single().Name.Should().Be("output");
        model.Graph.Input[0].Type.TensorType.Shape.Dim.Select(d => d.DimParam + d.DimValue).Should().Equal("N0", "2");
        model.Graph.Output[0].Type.TensorType.Shape.Dim.Select(d => d.DimParam + d.DimValue).Should().Equal("N0", "1");
    }

    [Fact]
    public void OneNodeActivations_AreOnnxsOperators_SoftmaxOverTheLastAxis()
    {
        var net = new Sequential(new Linear(2, 2), new Sigmoid(), new Tanh(), new Identity(), new Softmax());

        ModelProto model = Export(net);

        model.Graph.Node.Select(n => n.Name + " " + n.OpType).Should().Equal(
            "/0/Gemm Gemm", "/1/Sigmoid Sigmoid", "/2/Tanh Tanh", "/3/Identity Identity", "/4/Softmax Softmax");
        AttributeProto axis = model.Graph.Node[4].Attribute.Single();
        (axis.Name, axis.Type, axis.I).Should().Be(("axis", AttributeProto.Types.AttributeType.Int, -1L));
    }

    [Fact]
    public void F32_LeakyReLU_Selu_Softplus_AreOnnxsOperators_WithFloat32Attributes()
    {
        var net = new Sequential(new LeakyReLU(0.1), new Selu(), new Softplus());

        ModelProto model = Export(net, new OnnxExportOptions { ElementType = OnnxElementType.F32 });

        model.Graph.Node.Select(n => n.Name + " " + n.OpType).Should().Equal("/0/LeakyRelu LeakyRelu", "/1/Selu Selu", "/2/Softplus Softplus");
        model.Graph.Node[0].Attribute.Select(a => (a.Name, a.F)).Should().Equal(("alpha", 0.1f));
        model.Graph.Node[1].Attribute.Select(a => (a.Name, a.F)).Should().Equal(("alpha", 1.6732632423543772848170429916717f), ("gamma", 1.0507009873554804934193349852946f));
        model.Graph.Node[2].Attribute.Should().BeEmpty();
        model.Graph.Initializer.Should().BeEmpty();
        model.Graph.Input[0].Type.TensorType.ElemType.Should().Be((int)TensorProto.Types.DataType.Float);
    }

    [Fact]
    public void F64_LeakyReLU_IsGreaterMulWhere_WithScalarInitializers()
    {
        ModelProto model = Export(new Sequential(new Linear(1, 1), new LeakyReLU(0.2)));

        Nodes(model).Skip(1).Should().Equal(
            "/1/LeakyReLU/Greater: Greater(/0/Gemm:0, 1.zero) -> /1/LeakyReLU/Greater:0",
            "/1/LeakyReLU/Mul: Mul(/0/Gemm:0, 1.negative_slope) -> /1/LeakyReLU/Mul:0",
            "/1/LeakyReLU/Where: Where(/1/LeakyReLU/Greater:0, /0/Gemm:0, /1/LeakyReLU/Mul:0) -> output");
        Initializer(model, "1.zero").Dims.Should().BeEmpty();
        Doubles(Initializer(model, "1.zero")).Should().Equal(0.0);
        Doubles(Initializer(model, "1.negative_slope")).Should().Equal(0.2);
    }

    [Fact]
    public void F64_Selu_IsKahansExpm1_InTheContractsOrder()
    {
        ModelProto model = Export(new Sequential(new Selu()));

        Nodes(model).Should().Equal(
            "/0/Selu/Greater: Greater(input, 0.zero) -> /0/Selu/Greater:0",
            "/0/Selu/Exp: Exp(input) -> /0/Selu/Exp:0",
            "/0/Selu/Sub: Sub(/0/Selu/Exp:0, 0.one) -> /0/Selu/Sub:0",
            "/0/Selu/Mul: Mul(/0/Selu/Sub:0, input) -> /0/Selu/Mul:0",
            "/0/Selu/Log: Log(/0/Selu/Exp:0) -> /0/Selu/Log:0",
            "/0/Selu/Div: Div(/0/Selu/Mul:0, /0/Selu/Log:0) -> /0/Selu/Div:0",
            "/0/Selu/Equal: Equal(/0/Selu/Sub:0, 0.minus_one) -> /0/Selu/Equal:0",
            "/0/Selu/Where: Where(/0/Selu/Equal:0, /0/Selu/Sub:0, /0/Selu/Div:0) -> /0/Selu/Where:0",
            "/0/Selu/Equal_1: Equal(/0/Selu/Exp:0, 0.one) -> /0/Selu/Equal_1:0",
            "/0/Selu/Where_1: Where(/0/Selu/Equal_1:0, input, /0/Selu/Where:0) -> /0/Selu/Where_1:0",
            "/0/Selu/Mul_1: Mul(input, 0.lambda) -> /0/Selu/Mul_1:0",
            "/0/Selu/Mul_2: Mul(/0/Selu/Where_1:0, 0.lambda_alpha) -> /0/Selu/Mul_2:0",
            "/0/Selu/Where_2: Where(/0/Selu/Greater:0, /0/Selu/Mul_1:0, /0/Selu/Mul_2:0) -> output");
        model.Graph.Initializer.Select(t => t.Name).Should().BeEquivalentTo("0.zero", "0.one", "0.minus_one", "0.lambda", "0.lambda_alpha");
        model.Graph.Initializer.Should().OnlyContain(t => t.Dims.Count == 0);
        Doubles(Initializer(model, "0.lambda")).Should().Equal(Selu.Lambda);
        Doubles(Initializer(model, "0.lambda_alpha")).Should().Equal(Selu.Lambda * Selu.Alpha);
        Doubles(Initializer(model, "0.minus_one")).Should().Equal(-1.0);
        model.Graph.Input[0].Type.TensorType.Shape.Dim.Select(d => d.DimParam + d.DimValue).Should().Equal("N0", "features0");
    }

    [Fact]
    public void F64_Softplus_IsGoldbergsLog1p_InTheContractsOrder()
    {
        ModelProto model = Export(new Sequential(new Softplus(beta: 0.5, threshold: 7)));

        Nodes(model).Should().Equal(
            "/0/Softplus/Mul: Mul(input, 0.beta) -> /0/Softplus/Mul:0",
            "/0/Softplus/Abs: Abs(/0/Softplus/Mul:0) -> /0/Softplus/Abs:0",
            "/0/Softplus/Neg: Neg(/0/Softplus/Abs:0) -> /0/Softplus/Neg:0",
            "/0/Softplus/Exp: Exp(/0/Softplus/Neg:0) -> /0/Softplus/Exp:0",
            "/0/Softplus/Add: Add(/0/Softplus/Exp:0, 0.one) -> /0/Softplus/Add:0",
            "/0/Softplus/Log: Log(/0/Softplus/Add:0) -> /0/Softplus/Log:0",
            "/0/Softplus/Mul_1: Mul(/0/Softplus/Exp:0, /0/Softplus/Log:0) -> /0/Softplus/Mul_1:0",
            "/0/Softplus/Sub: Sub(/0/Softplus/Add:0, 0.one) -> /0/Softplus/Sub:0",
            "/0/Softplus/Div: Div(/0/Softplus/Mul_1:0, /0/Softplus/Sub:0) -> /0/Softplus/Div:0",
            "/0/Softplus/Equal: Equal(/0/Softplus/Add:0, 0.one) -> /0/Softplus/Equal:0",
            "/0/Softplus/Where: Where(/0/Softplus/Equal:0, /0/Softplus/Exp:0, /0/Softplus/Div:0) -> /0/Softplus/Where:0",
            "/0/Softplus/Div_1: Div(/0/Softplus/Where:0, 0.beta) -> /0/Softplus/Div_1:0",
            "/0/Softplus/Relu: Relu(input) -> /0/Softplus/Relu:0",
            "/0/Softplus/Add_1: Add(/0/Softplus/Relu:0, /0/Softplus/Div_1:0) -> /0/Softplus/Add_1:0",
            "/0/Softplus/Greater: Greater(/0/Softplus/Mul:0, 0.threshold) -> /0/Softplus/Greater:0",
            "/0/Softplus/Where_1: Where(/0/Softplus/Greater:0, input, /0/Softplus/Add_1:0) -> output");
        model.Graph.Initializer.Select(t => t.Name).Should().Equal("0.beta", "0.one", "0.threshold");
        Doubles(Initializer(model, "0.beta")).Should().Equal(0.5);
        Doubles(Initializer(model, "0.threshold")).Should().Equal(7.0);
    }

    // float32 is torch.onnx's form: Softplus for β = 1, Mul(β), Softplus, Div(β) otherwise; a threshold below 20 adds
    // Where(Greater(β·x, threshold), x, ·), one of 20 or more does not (it changes the value by less than float32's rounding).
    [Fact]
    public void F32_Softplus_IsTorchOnnxsForm_WithTheThresholdOnlyBelow20()
    {
        var net = new Sequential(new Softplus(), new Softplus(beta: 2), new Softplus(beta: 1, threshold: 5), new Softplus(beta: 0.5, threshold: -1));

        ModelProto model = Export(net, new OnnxExportOptions { ElementType = OnnxElementType.F32 });

        Nodes(model).Should().Equal(
            "/0/Softplus: Softplus(input) -> /0/Softplus:0",
            "/1/Mul: Mul(/0/Softplus:0, 1.beta) -> /1/Mul:0",
            "/1/Softplus: Softplus(/1/Mul:0) -> /1/Softplus:0",
            "/1/Div: Div(/1/Softplus:0, 1.beta) -> /1/Div:0",
            "/2/Softplus: Softplus(/1/Div:0) -> /2/Softplus:0",
            "/2/Greater: Greater(/1/Div:0, 2.threshold) -> /2/Greater:0",
            "/2/Where: Where(/2/Greater:0, /1/Div:0, /2/Softplus:0) -> /2/Where:0",
            "/3/Mul: Mul(/2/Where:0, 3.beta) -> /3/Mul:0",
            "/3/Softplus: Softplus(/3/Mul:0) -> /3/Softplus:0",
            "/3/Div: Div(/3/Softplus:0, 3.beta) -> /3/Div:0",
            "/3/Greater: Greater(/3/Mul:0, 3.threshold) -> /3/Greater:0",
            "/3/Where: Where(/3/Greater:0, /2/Where:0, /3/Div:0) -> output");
        Singles(Initializer(model, "1.beta")).Should().Equal(2f);
        Singles(Initializer(model, "2.threshold")).Should().Equal(5f);
        Singles(Initializer(model, "3.beta")).Should().Equal(0.5f);
        Singles(Initializer(model, "3.threshold")).Should().Equal(-1f);
    }

    [Fact]
    public void LogSoftmax_IsLogSoftmaxOverTheLastAxis_InBothElementTypes()
    {
        foreach (OnnxElementType type in new[] { OnnxElementType.F64, OnnxElementType.F32 })
        {
            ModelProto model = Export(new Sequential(new Linear(3, 2), new LogSoftmax()), new OnnxExportOptions { ElementType = type });

            Nodes(model).Should().Equal("/0/Gemm: Gemm(input, 0.weight, 0.bias) -> /0/Gemm:0", "/1/LogSoftmax: LogSoftmax(/0/Gemm:0) -> output");
            AttributeProto axis = model.Graph.Node[1].Attribute.Single();
            (axis.Name, axis.Type, axis.I).Should().Be(("axis", AttributeProto.Types.AttributeType.Int, -1L));
        }
    }

    [Fact]
    public void Scalers_AreSubDivMulAdd_WithTheirFittedValues_AroundTheNetwork()
    {
        var net = new Sequential(new Linear(2, 2));
        var input = MinMaxScaler.FromFitted([1, -3], [5, -3], rangeMin: -1, rangeMax: 3);
        var target = StandardScaler.FromFitted([10, 20], [2, 4]);

        ModelProto model = Export(net, new OnnxExportOptions { InputScaler = input, TargetScaler = target, ElementType = OnnxElementType.F32 });

        Nodes(model).Should().Equal(
            "/input_scaler/Sub: Sub(input, input_scaler.center) -> /input_scaler/Sub:0",
            "/input_scaler/Div: Div(/input_scaler/Sub:0, input_scaler.scale) -> /input_scaler/Div:0",
            "/input_scaler/Mul: Mul(/input_scaler/Div:0, input_scaler.width) -> /input_scaler/Mul:0",
            "/input_scaler/Add: Add(/input_scaler/Mul:0, input_scaler.low) -> /input_scaler/Add:0",
            "/0/Gemm: Gemm(/input_scaler/Add:0, 0.weight, 0.bias) -> /0/Gemm:0",
            "/target_scaler/Sub: Sub(/0/Gemm:0, target_scaler.low) -> /target_scaler/Sub:0",
            "/target_scaler/Div: Div(/target_scaler/Sub:0, target_scaler.width) -> /target_scaler/Div:0",
            "/target_scaler/Mul: Mul(/target_scaler/Div:0, target_scaler.scale) -> /target_scaler/Mul:0",
            "/target_scaler/Add: Add(/target_scaler/Mul:0, target_scaler.center) -> output");
        Singles(Initializer(model, "input_scaler.center")).Should().Equal(1f, -3f);
        Singles(Initializer(model, "input_scaler.scale")).Should().Equal(4f, 1f); // a constant feature's scale is 1
        Singles(Initializer(model, "input_scaler.width")).Should().Equal(4f);
        Singles(Initializer(model, "input_scaler.low")).Should().Equal(-1f);
        Initializer(model, "input_scaler.width").Dims.Should().BeEmpty();
        Initializer(model, "input_scaler.center").Dims.Should().Equal(2);
        Singles(Initializer(model, "target_scaler.low")).Should().Equal(0f);
        Singles(Initializer(model, "target_scaler.width")).Should().Equal(1f);
        Singles(Initializer(model, "target_scaler.scale")).Should().Equal(2f, 4f);
        Singles(Initializer(model, "target_scaler.center")).Should().Equal(10f, 20f);
    }

    [Theory]
    [InlineData(OnnxProbabilities.Softmax, "/probabilities/Softmax: Softmax(logits) -> probs")]
    [InlineData(OnnxProbabilities.Sigmoid, "/probabilities/Sigmoid: Sigmoid(logits) -> probs")]
    public void Probabilities_AreASecondOutput_ComputedFromTheFirst(OnnxProbabilities kind, string node)
    {
        ModelProto model = Export(new Sequential(new Linear(3, 2)), new OnnxExportOptions { OutputName = "logits", Probabilities = kind, ProbabilitiesName = "probs" });

        Nodes(model).Should().Equal("/0/Gemm: Gemm(input, 0.weight, 0.bias) -> logits", node);
        model.Graph.Output.Select(o => o.Name).Should().Equal("logits", "probs");
        model.Graph.Output[1].Type.TensorType.Shape.Dim.Select(d => d.DimParam + d.DimValue).Should().Equal("N0", "2");
    }

    // Each layer's constants are its own, even when two layers hold the same values.
    [Fact]
    public void Constants_AreNeverSharedBetweenLayers()
    {
        ModelProto model = Export(new Sequential(new Softplus(), new Softplus(), new LeakyReLU(0.1), new LeakyReLU(0.1)));

        model.Graph.Initializer.Select(t => t.Name).Should().Equal(
            "0.beta", "0.one", "0.threshold", "1.beta", "1.one", "1.threshold", "2.zero", "2.negative_slope", "3.zero", "3.negative_slope");
    }
}
