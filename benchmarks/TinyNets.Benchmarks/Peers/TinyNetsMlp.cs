using System;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;

namespace TinyNets.Benchmarks.Peers;

/// <summary>The TinyNets side of every comparison: Sequential, the workload's loss and Sgd, one pre-built matrix per batch.</summary>
public sealed class TinyNetsMlp
{
    private readonly ElementwiseLoss? _elementwise;
    private readonly CrossEntropyLoss? _crossEntropy;
    private readonly Loss _loss;
    private readonly Sgd _sgd;
    private readonly Matrix<double>[] _inputs;
    private readonly Matrix<double>?[] _targets;
    private readonly int[][] _classes;

    /// <summary>Builds the net of <paramref name="spec"/> with <paramref name="parameters"/> and slices <paramref name="data"/> into batches.</summary>
    public TinyNetsMlp(MlpSpec spec, LayerParameters[] parameters, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        Net = spec.BuildTinyNets(0);
        for (int l = 0; l < parameters.Length; l++)
        {
            LayerParameters p = parameters[l];
            Net.SetParameter($"{2 * l}.weight", DenseMatrix.Build.Dense(p.Out, p.In, (i, j) => p.Weight[(i * p.In) + j]));
            Net.SetParameter($"{2 * l}.bias", p.Bias);
        }

        switch (spec.Loss)
        {
            case LossKind.Mse: _loss = _elementwise = new MseLoss(); break;
            case LossKind.HalfSse: _loss = _elementwise = MseLoss.HalfSse(); break;
            case LossKind.BceWithLogits: _loss = _elementwise = new BceWithLogitsLoss(); break;
            case LossKind.CrossEntropy: _loss = _crossEntropy = new CrossEntropyLoss(); break;
            default: throw new ArgumentOutOfRangeException(nameof(spec));
        }

        _sgd = new Sgd(Net, spec.LearningRate);
        (_inputs, _targets, _classes) = data.BatchMatrices();
    }

    /// <summary>The network.</summary>
    public Sequential Net { get; }

    /// <summary>Number of batches.</summary>
    public int Batches => _inputs.Length;

    /// <summary>One SGD step on batch <paramref name="b"/>: forward, loss, backward, update. Returns the loss before the update.</summary>
    public double Step(int b)
    {
        Matrix<double> output = Net.Forward(_inputs[b]);
        double loss = _crossEntropy is not null ? _crossEntropy.Forward(output, _classes[b]) : _elementwise!.Forward(output, _targets[b]!);
        Net.Backward(_loss.Backward(), computeInputGradient: false);
        _sgd.Step();
        return loss;
    }

    /// <summary>One epoch: a step on every batch in order. Returns the sum of the batch losses.</summary>
    public double Epoch()
    {
        double total = 0;
        for (int b = 0; b < _inputs.Length; b++)
        {
            total += Step(b);
        }

        return total;
    }

    /// <summary>Inference on batch <paramref name="b"/>; returns the first output (the whole output stays in the net).</summary>
    public double Infer(int b) => Net.Forward(_inputs[b])[0, 0];

    /// <summary>The current parameters.</summary>
    public LayerParameters[] Parameters(int linearLayers) => LayerParameters.From(Net, linearLayers);
}
