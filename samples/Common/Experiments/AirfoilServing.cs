using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Data;
using TinyNets.Inference;
using TinyNets.Serialization;

namespace TinyNets.Samples.Experiments;

/// <summary>What <see cref="AirfoilServing.SaveAndServe"/> did and found.</summary>
/// <param name="ModelPath">The model file written.</param>
/// <param name="FileBytes">Its size in bytes.</param>
/// <param name="Threads">The threads that served the test rows.</param>
/// <param name="Served">The served predictions for the test rows in dB (1 × test rows), from the reloaded file.</param>
/// <param name="Expected">The same rows predicted in the training process before saving, one sample at a time.</param>
/// <param name="Mismatches">How many served predictions differ from the expected ones in any bit.</param>
public sealed record AirfoilServingResult(string ModelPath, long FileBytes, int Threads, Matrix<double> Served, Matrix<double> Expected, int Mismatches);

/// <summary>
/// The trained airfoil model leaves the process: the MLP and its two fitted scalers are saved as one model file, the
/// file is loaded into new objects, and the test rows (raw features in, decibels out) are served from several threads at
/// once through one shared <see cref="Predictor"/>.
/// </summary>
public static class AirfoilServing
{
    /// <summary>Saves the MLP with its scalers to <paramref name="modelPath"/>, reloads it, and serves the test rows.</summary>
    /// <param name="result">A finished experiment.</param>
    /// <param name="modelPath">Where to write the model file.</param>
    /// <param name="threads">How many threads serve the rows (each takes every threads-th row).</param>
    /// <returns>The served predictions next to those made before saving.</returns>
    public static AirfoilServingResult SaveAndServe(AirfoilResult result, string modelPath, int threads = 4)
    {
        ArgumentNullException.ThrowIfNull(result);
        AirfoilData data = result.Data;
        var bundle = new ModelBundle(result.Mlp.Network)
        {
            InputScaler = data.InputScaler,
            TargetScaler = data.TargetScaler,
            Metadata = new Dictionary<string, string>
            {
                ["data"] = "UCI airfoil self-noise (inputs: " + string.Join(", ", AirfoilExperiment.InputNames) + ")",
                ["target"] = "scaled sound pressure level (dB)",
            },
        };

        // Before saving: each test row on its own, in this process (ModelBundle.Predict: scale, Forward, inverse-scale).
        Matrix<double> raw = data.Split.XTest;
        int rows = raw.ColumnCount;
        var expected = new double[rows];
        for (int j = 0; j < rows; j++)
        {
            expected[j] = bundle.Predict(raw.SubMatrix(0, raw.RowCount, j, 1))[0, 0];
        }

        bundle.Save(modelPath);

        // Elsewhere: the file alone. The scalers are read-only once fitted, and a Predictor is thread-safe, so all the
        // threads share them.
        ModelBundle loaded = ModelBundle.Load(modelPath);
        FeatureScaler inputScaler = loaded.InputScaler!;
        FeatureScaler targetScaler = loaded.TargetScaler!;
        Predictor predictor = loaded.Network.ToPredictor();
        var served = new double[rows];
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int first = t;
            workers[t] = new Thread(() =>
            {
                var output = new double[1];
                for (int j = first; j < rows; j += threads)
                {
                    Matrix<double> x = inputScaler.Transform(raw.SubMatrix(0, raw.RowCount, j, 1));
                    predictor.Predict(x.AsColumnMajorArray(), output);
                    served[j] = targetScaler.InverseTransform(Matrix<double>.Build.Dense(1, 1, output[0]))[0, 0];
                }
            });
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        int mismatches = 0;
        for (int j = 0; j < rows; j++)
        {
            mismatches += BitConverter.DoubleToInt64Bits(served[j]) == BitConverter.DoubleToInt64Bits(expected[j]) ? 0 : 1;
        }

        return new AirfoilServingResult(
            modelPath, new FileInfo(modelPath).Length, threads,
            Matrix<double>.Build.Dense(1, rows, served), Matrix<double>.Build.Dense(1, rows, expected), mismatches);
    }
}
