using System;
using System.IO;
using TinyNets.Network;

namespace TinyNets.Serialization.Onnx;

/// <summary>
/// Exports a <see cref="Sequential"/> network to the ONNX format (to serve it with ONNX Runtime, ML.NET, Triton, a
/// browser, …) and imports the multilayer perceptrons other frameworks export (PyTorch's <c>torch.onnx.export</c> of an
/// <c>nn.Sequential</c>). Batches are <c>[N, features]</c> there, rows as samples; the weights are the same
/// <c>[out, in]</c> matrices. See <c>docs/onnx.md</c> for the operators written and read.
/// </summary>
public static partial class OnnxFile
{
    /// <summary>The ONNX opset (default domain) an export declares.</summary>
    public const int OpsetVersion = 21;

    /// <summary>The ONNX IR version an export declares.</summary>
    public const long IrVersion = 10;

    /// <summary>The <c>producer_name</c> an export writes.</summary>
    public const string ProducerName = "TinyNets";
}
