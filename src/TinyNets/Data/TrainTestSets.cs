using System;
using System.Diagnostics.CodeAnalysis;
using MathNet.Numerics.LinearAlgebra;

namespace TinyNets.Data;

/// <summary>
/// The result of <see cref="DataSplit.TrainTestSplit(Matrix{double}, Matrix{double}, double, ulong)"/>: the samples
/// (columns) of the inputs and targets divided into a training and a test part, in shuffled order, with the original
/// column index of each sample.
/// </summary>
[SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Index and class arrays are passed as-is to APIs that take ReadOnlySpan<int>.")]
public sealed class TrainTestSets
{
    internal TrainTestSets(
        Matrix<double> xTrain, Matrix<double> yTrain, Matrix<double> xTest, Matrix<double> yTest,
        int[] trainIndices, int[] testIndices, int[]? trainClasses, int[]? testClasses)
    {
        XTrain = xTrain;
        YTrain = yTrain;
        XTest = xTest;
        YTest = yTest;
        TrainIndices = trainIndices;
        TestIndices = testIndices;
        TrainClasses = trainClasses;
        TestClasses = testClasses;
    }

    /// <summary>The training inputs, features × training samples: column j is input column <c>TrainIndices[j]</c>.</summary>
    public Matrix<double> XTrain { get; }

    /// <summary>The training targets, targets × training samples, in the order of <see cref="XTrain"/>.</summary>
    public Matrix<double> YTrain { get; }

    /// <summary>The test inputs, features × test samples: column j is input column <c>TestIndices[j]</c>.</summary>
    public Matrix<double> XTest { get; }

    /// <summary>The test targets, targets × test samples, in the order of <see cref="XTest"/>.</summary>
    public Matrix<double> YTest { get; }

    /// <summary>The original column index of each training sample.</summary>
    public int[] TrainIndices { get; }

    /// <summary>The original column index of each test sample.</summary>
    public int[] TestIndices { get; }

    /// <summary>Whether class indices were split along; then <see cref="TrainClasses"/> and <see cref="TestClasses"/> are set.</summary>
    [MemberNotNullWhen(true, nameof(TrainClasses), nameof(TestClasses))]
    public bool HasClasses => TrainClasses is not null;

    /// <summary>The class index of each training sample, or <see langword="null"/> when none were given.</summary>
    public int[]? TrainClasses { get; }

    /// <summary>The class index of each test sample, or <see langword="null"/> when none were given.</summary>
    public int[]? TestClasses { get; }
}
