using Google.Protobuf;
using TinyNets.Serialization.Onnx.Protos;

namespace TinyNets.Tests.Serialization.Onnx;

public class OnnxRuntimeRunnerTests
{
    // The runner itself: a hand-built one-node graph (Relu in float64) runs and gives max(x, 0), and a model ONNX Runtime
    // cannot run (an operator without a float64 kernel) is refused, so tests built on the runner can fail.
    [Fact]
    public void Runs_a_hand_built_float64_graph_and_refuses_an_unsupported_one()
    {
        using (var runner = new OnnxRuntimeRunner(OneNode("Relu").ToByteArray()))
        {
            double[] y = runner.Run("x", [-1.5, 2.0, 0.0, -0.0, 3.25, -7.0], 2, 3, "y")["y"];
            y.Should().Equal(0.0, 2.0, 0.0, 0.0, 3.25, 0.0);
            runner.Warnings.Should().BeEmpty();
        }

        var act = () => new OnnxRuntimeRunner(OneNode("Softplus").ToByteArray());
        act.Should().Throw<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>().WithMessage("*Softplus*");
    }

    private static ModelProto OneNode(string op)
    {
        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Double, Shape = new TensorShapeProto() } };
        type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 3 });
        var graph = new GraphProto { Name = "one" };
        graph.Input.Add(new ValueInfoProto { Name = "x", Type = type });
        graph.Output.Add(new ValueInfoProto { Name = "y", Type = type.Clone() });
        graph.Node.Add(new NodeProto { OpType = op, Name = "n", Input = { "x" }, Output = { "y" } });
        var model = new ModelProto { IrVersion = 10, ProducerName = "test", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 21 });
        return model;
    }
}
