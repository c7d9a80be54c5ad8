using System;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Initialization;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;

namespace TinyNets.Benchmarks;

/// <summary>
/// The training step of the core on two small nets. MemoryDiagnoser must report 0 B allocated: every workspace
/// exists after the warm-up, so forward, loss, backward and the SGD step reuse their buffers.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private const int Samples = 1000;
    private const int BatchSize = 32;

    private Sequential _tiny = null!;
    private MseLoss _tinyLoss = null!;
    private Sgd _tinySgd = null!;
    private Matrix<double> _tinyX = null!;
    private Matrix<double> _tinyY = null!;

    private Sequential _small = null!;
    private BceWithLogitsLoss _smallLoss = null!;
    private Sgd _smallSgd = null!;
    private Matrix<double>[] _batchX = null!;
    private Matrix<double>[] _batchY = null!;

    [GlobalSetup]
    public void Setup()
    {
        // 2-3-1 ReLU net, one sample (a 2×1 column).
        _tiny = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1)).Initialize(1);
        _tinyLoss = new MseLoss();
        _tinySgd = new Sgd(_tiny, 0.01);
        _tinyX = Matrix<double>.Build.DenseOfColumnArrays(new[] { 0.3, 0.7 });
        _tinyY = Matrix<double>.Build.Dense(1, 1, 1.0);

        // 2-16-16-1 tanh net with a sigmoid output (fused into the BCE-with-logits loss), 1000 samples in batches of 32.
        _small = new Sequential(new Linear(2, 16), new Tanh(), new Linear(16, 16), new Tanh(), new Linear(16, 1)).Initialize(2);
        _smallLoss = new BceWithLogitsLoss();
        _smallSgd = new Sgd(_small, 0.05);
        var random = new SeededRandom(3);
        int batches = (Samples + BatchSize - 1) / BatchSize;
        _batchX = new Matrix<double>[batches];
        _batchY = new Matrix<double>[batches];
        for (int b = 0; b < batches; b++)
        {
            int n = Math.Min(BatchSize, Samples - (b * BatchSize));
            _batchX[b] = Matrix<double>.Build.Dense(2, n, (_, _) => random.NextUniform(-1, 1));
            _batchY[b] = Matrix<double>.Build.Dense(1, n, (_, j) => _batchX[b][0, j] * _batchX[b][1, j] > 0 ? 1.0 : 0.0);
        }
    }

    /// <summary>2-3-1 ReLU net: forward, MSE, backward and SGD update for one sample.</summary>
    [Benchmark]
    public double Tiny231ReluSgdStep()
    {
        double loss = _tinyLoss.Forward(_tiny.Forward(_tinyX), _tinyY);
        _tiny.Backward(_tinyLoss.Backward());
        _tinySgd.Step();
        return loss;
    }

    /// <summary>2-16-16-1 tanh/sigmoid net: one epoch of 1000 samples in 32 mini-batches (31 of 32, one of 8).</summary>
    [Benchmark]
    public double Small2_16_16_1Epoch()
    {
        double total = 0;
        for (int b = 0; b < _batchX.Length; b++)
        {
            total += _smallLoss.Forward(_small.Forward(_batchX[b]), _batchY[b]);
            _small.Backward(_smallLoss.Backward());
            _smallSgd.Step();
        }

        return total;
    }
}
