using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;

namespace TinyNets.Inference;

/// <summary>The checks of raw inputs before a <see cref="Classifier"/> or <see cref="Regressor"/> scales them, with the caller's names.</summary>
internal static class EstimatorChecks
{
    public static void Sample(ReadOnlySpan<double> input, int features, string paramName)
    {
        if (input.Length != features)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must hold {features} values (the network's input features); {input.Length} were given."), paramName);
        }

        int bad = Guard.FirstNonFinite(input);
        if (bad >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must contain only finite values; feature {bad} is {input[bad]}."), paramName);
        }
    }

    public static void Batch(Matrix<double> inputs, int features, string paramName)
    {
        double[] data = Guard.Storage(inputs, paramName);
        Guard.Rows(inputs, features, paramName, "the network's input features");
        Guard.NotEmpty(inputs, paramName);
        Guard.Finite(data, features, paramName);
    }
}
