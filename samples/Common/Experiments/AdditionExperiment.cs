using System;
using System.Collections.Generic;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Initialization;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;

namespace TinyNets.Samples.Experiments;

/// <summary>How a run of the addition net ended.</summary>
public enum AdditionOutcome
{
    /// <summary>Test MSE below <see cref="AdditionExperiment.ConvergedMse"/>: the net adds.</summary>
    Converged,

    /// <summary>Both hidden ReLUs are off for every test input, so the net outputs its constant output bias.</summary>
    DeadReluConstant,

    /// <summary>Neither converged nor dead: the weights still move around (or settled somewhere useless).</summary>
    Unstable,

    /// <summary>An output or parameter became non-finite; the run stopped there.</summary>
    Diverged,
}

/// <summary>One training run of the addition net.</summary>
/// <param name="LearningRate">α.</param>
/// <param name="Seed">The seed of the training stream.</param>
/// <param name="StepLosses">SSE of each SGD step's sample, before that step.</param>
/// <param name="TestMse">Mean squared error on the fixed test set after training (∞ if diverged).</param>
/// <param name="ActiveHiddenUnits">Hidden units that are positive for at least one test input.</param>
/// <param name="OutputBias">The output bias d after training (the constant output of a dead net).</param>
/// <param name="Outcome">The verdict.</param>
/// <param name="Network">The trained net.</param>
public sealed record AdditionRun(
    double LearningRate, ulong Seed, IReadOnlyList<double> StepLosses, double TestMse, int ActiveHiddenUnits, double OutputBias,
    AdditionOutcome Outcome, Sequential Network);

/// <summary>
/// Sheet 000 §2 (catalogue T-1, S000-13): the 2-2-1 ReLU net with the sheet's initial weights learns N(x) = x1 + x2 by SGD on
/// single samples x ~ U(0,1)², with the SSE loss. The learning rate alone decides whether it converges.
/// </summary>
public static class AdditionExperiment
{
    /// <summary>SGD steps per run (one fresh sample each).</summary>
    public const int DefaultSteps = 2000;

    /// <summary>Samples in the test set.</summary>
    public const int TestSize = 1000;

    /// <summary>The seed of the test set (the same for every run).</summary>
    public const ulong TestSeed = 20241210;

    /// <summary>Test MSE below which a run counts as converged.</summary>
    public const double ConvergedMse = 1e-4;

    /// <summary>The learning rates of the sheet's ablation.</summary>
    public static IReadOnlyList<double> LearningRates { get; } = [0.1, 0.5, 0.9];

    /// <summary>The test MSE of the best constant (1, the mean of x1 + x2): Var(x1 + x2) = 2/12.</summary>
    public static double ConstantPredictorMse => 1.0 / 6.0;

    /// <summary>The sheet's net (§1): hidden 1 gets (−0.7, 0.2), bias −0.4; hidden 2 gets (0.9, 0.5), bias 0.1; output (−0.2, 0.6), bias 0.8.</summary>
    /// <returns>A new net with those weights.</returns>
    public static Sequential CreateSheetNetwork()
    {
        var net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1));
        net.SetParameter("0.weight", new[,] { { -0.7, 0.2 }, { 0.9, 0.5 } });
        net.SetParameter("0.bias", new[] { -0.4, 0.1 });
        net.SetParameter("2.weight", new[,] { { -0.2, 0.6 } });
        net.SetParameter("2.bias", new[] { 0.8 });
        return net;
    }

    /// <summary>Draws <paramref name="count"/> inputs x ~ U(0,1)² and their targets x1 + x2.</summary>
    /// <param name="random">The generator.</param>
    /// <param name="count">Samples.</param>
    /// <returns>Inputs (2 × count) and targets (1 × count).</returns>
    public static (Matrix<double> Inputs, Matrix<double> Targets) Sample(SeededRandom random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        var x = Matrix<double>.Build.Dense(2, count);
        var y = Matrix<double>.Build.Dense(1, count);
        for (int j = 0; j < count; j++)
        {
            x[0, j] = random.NextDouble();
            x[1, j] = random.NextDouble();
            y[0, j] = x[0, j] + x[1, j];
        }

        return (x, y);
    }

    /// <summary>Trains the sheet's net with plain SGD, batch size 1, SSE, on a fresh sample per step.</summary>
    /// <param name="learningRate">α.</param>
    /// <param name="seed">Seed of the training stream.</param>
    /// <param name="steps">SGD steps.</param>
    /// <returns>The run's losses, test MSE and verdict.</returns>
    public static AdditionRun Run(double learningRate, ulong seed, int steps = DefaultSteps)
    {
        var net = CreateSheetNetwork();
        var loss = MseLoss.Sse();
        var sgd = new Sgd(net, learningRate);
        var random = new SeededRandom(seed);
        var x = Matrix<double>.Build.Dense(2, 1);
        var y = Matrix<double>.Build.Dense(1, 1);
        var losses = new List<double>(steps);
        bool diverged = false;
        for (int step = 0; step < steps && !diverged; step++)
        {
            x[0, 0] = random.NextDouble();
            x[1, 0] = random.NextDouble();
            y[0, 0] = x[0, 0] + x[1, 0];
            Matrix<double> output = net.Forward(x);
            if (!double.IsFinite(output[0, 0]))
            {
                diverged = true;
                break;
            }

            losses.Add(loss.Forward(output, y));
            net.Backward(loss.Backward());
            sgd.Step();
            diverged = net.NamedParameters.Any(p => p.Value.Value.Enumerate().Any(v => !double.IsFinite(v)));
        }

        double outputBias = net.GetParameter("2.bias").Value[0, 0];
        if (diverged)
        {
            return new AdditionRun(learningRate, seed, losses, double.PositiveInfinity, 0, outputBias, AdditionOutcome.Diverged, net);
        }

        (Matrix<double> testX, Matrix<double> testY) = Sample(new SeededRandom(TestSeed), TestSize);
        double testMse = new MseLoss().Forward(net.Forward(testX), testY);
        Matrix<double> hidden = net[1].Output!;
        int active = hidden.EnumerateRows().Count(row => row.Any(v => v > 0));
        AdditionOutcome outcome = testMse < ConvergedMse ? AdditionOutcome.Converged
            : active == 0 ? AdditionOutcome.DeadReluConstant
            : AdditionOutcome.Unstable;
        return new AdditionRun(learningRate, seed, losses, testMse, active, outputBias, outcome, net);
    }
}
