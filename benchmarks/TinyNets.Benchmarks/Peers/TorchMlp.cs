using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TinyNets.Benchmarks.Peers;

/// <summary>Whether TorchSharp loads here, set up once per process: float64, one intra-op and one inter-op thread.</summary>
public static class TorchPeer
{
    private static readonly Lazy<string?> Failure = new(TryInitialize);

    /// <summary>True when libtorch loaded and runs on one thread.</summary>
    public static bool Available => Failure.Value is null;

    /// <summary>Why TorchSharp is skipped, or null.</summary>
    public static string? Reason => Failure.Value;

    /// <summary>Throws with <see cref="Reason"/> when TorchSharp cannot run.</summary>
    public static void EnsureAvailable()
    {
        if (!Available)
        {
            throw new InvalidOperationException("TorchSharp is not available: " + Reason);
        }
    }

    private static string? TryInitialize()
    {
        try
        {
            torch.set_num_threads(1);
            try
            {
                torch.set_num_interop_threads(1);
            }
            catch (Exception)
            {
                // Already set in this process (it can be set once, before any inter-op work).
            }

            using Tensor probe = torch.ones(2, 2, dtype: ScalarType.Float64).matmul(torch.ones(2, 2, dtype: ScalarType.Float64));
            return probe.sum().ToDouble() == 8.0 ? null : "a 2×2 float64 product gave a wrong result";
        }
        catch (Exception e)
        {
            Exception inner = e;
            while (inner.InnerException is not null)
            {
                inner = inner.InnerException;
            }

            return $"libtorch could not be loaded ({inner.GetType().Name}: {inner.Message.Split('\n')[0]}). On Debian 12 this is "
                + "usually libLibTorchSharp.so's need for GLIBCXX_3.4.32, which the benchmark build marks weak with "
                + "benchmarks/tools/weaken_version_need.py (needs python3 at build time); see benchmarks/README.md.";
        }
    }
}

/// <summary>
/// The TorchSharp peer: torch.nn.Sequential of Linear layers (float64) with the same initial parameters, torch.optim.SGD,
/// torch.nn.functional losses; inputs are pre-built tensors, batch × features as PyTorch lays them out.
/// Every step runs in a dispose scope so no tensor outlives it.
/// </summary>
public sealed class TorchMlp : IDisposable
{
    private readonly MlpSpec _spec;
    private readonly Sequential _model;
    private readonly Linear[] _linears;
    private readonly optim.Optimizer _sgd;
    private readonly Tensor[] _inputs;
    private readonly Tensor[] _targets;

    /// <summary>Builds the model with <paramref name="parameters"/> and slices <paramref name="data"/> into tensors.</summary>
    public TorchMlp(MlpSpec spec, LayerParameters[] parameters, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        TorchPeer.EnsureAvailable();
        _spec = spec;
        _linears = parameters.Select(p => nn.Linear(p.In, p.Out, hasBias: true, dtype: ScalarType.Float64)).ToArray();
        var modules = new System.Collections.Generic.List<nn.Module<Tensor, Tensor>>();
        for (int l = 0; l < _linears.Length; l++)
        {
            modules.Add(_linears[l]);
            switch (spec.ActivationAfter(l))
            {
                case Act.Identity: break;
                case Act.Tanh: modules.Add(nn.Tanh()); break;
                case Act.ReLU: modules.Add(nn.ReLU()); break;
                case Act.Sigmoid: modules.Add(nn.Sigmoid()); break;
                default: throw new ArgumentOutOfRangeException(nameof(spec));
            }
        }

        _model = nn.Sequential(modules.ToArray());
        using (torch.no_grad())
        {
            for (int l = 0; l < parameters.Length; l++)
            {
                LayerParameters p = parameters[l];
                using Tensor w = torch.tensor(p.Weight, [p.Out, p.In], ScalarType.Float64);
                using Tensor b = torch.tensor(p.Bias, [p.Out], ScalarType.Float64);
                _linears[l].weight!.copy_(w);
                _linears[l].bias!.copy_(b);
            }
        }

        _sgd = optim.SGD(_model.parameters(), spec.LearningRate);
        _inputs = new Tensor[data.Batches];
        _targets = new Tensor[data.Batches];
        for (int b = 0; b < data.Batches; b++)
        {
            (int start, int n) = data.Batch(b);

            // TinyNets' column-major features × n is PyTorch's row-major n × features.
            _inputs[b] = torch.tensor(data.Inputs.AsSpan(start * data.Features, n * data.Features).ToArray(), [n, data.Features], ScalarType.Float64);
            _targets[b] = data.Classes is not null
                ? torch.tensor(data.Classes.AsSpan(start, n).ToArray().Select(c => (long)c).ToArray(), [n], ScalarType.Int64)
                : torch.tensor(data.Targets!.AsSpan(start * data.Outputs, n * data.Outputs).ToArray(), [n, data.Outputs], ScalarType.Float64);
        }
    }

    /// <summary>Number of batches.</summary>
    public int Batches => _inputs.Length;

    /// <summary>One SGD step on batch <paramref name="b"/>: zero_grad, forward, loss, backward, step. Returns the loss before the update.</summary>
    public double Step(int b)
    {
        using var scope = torch.NewDisposeScope();
        _sgd.zero_grad();
        Tensor output = _model.forward(_inputs[b]);
        Tensor loss = _spec.Loss switch
        {
            LossKind.Mse => nn.functional.mse_loss(output, _targets[b]),
            LossKind.HalfSse => nn.functional.mse_loss(output, _targets[b], nn.Reduction.Sum) * 0.5,
            LossKind.BceWithLogits => nn.functional.binary_cross_entropy_with_logits(output, _targets[b]),
            LossKind.CrossEntropy => nn.functional.cross_entropy(output, _targets[b]),
            _ => throw new InvalidOperationException($"Unknown loss {_spec.Loss}."),
        };
        loss.backward();
        _sgd.step();
        return loss.ToDouble();
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

    /// <summary>Inference on batch <paramref name="b"/> under no_grad; returns the first output.</summary>
    public double Infer(int b)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return _model.forward(_inputs[b]).ReadCpuDouble(0);
    }

    /// <summary>The current parameters.</summary>
    public LayerParameters[] Parameters() =>
        _linears.Select(l => new LayerParameters(
            (int)l.in_features, (int)l.out_features, l.weight!.data<double>().ToArray(), l.bias!.data<double>().ToArray())).ToArray();

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Tensor t in _inputs.Concat(_targets))
        {
            t?.Dispose();
        }

        _sgd.Dispose();
        _model.Dispose();
    }
}
