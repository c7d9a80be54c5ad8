using System;
using System.Globalization;
using TinyNets.Samples.Experiments;

namespace TinyNets.Samples.NeuronAndTinyNet;

/// <summary>The settings of the XOR-net run, read from the command line.</summary>
/// <param name="BatchSize">Samples per step, 1 to 4.</param>
/// <param name="LearningRate">ε, positive and finite.</param>
/// <param name="Epochs">Epochs, 1 to 1,000,000.</param>
/// <param name="Seed">Shuffling seed for batches smaller than 4.</param>
internal sealed record XorNetSettings(int BatchSize, double LearningRate, int Epochs, ulong Seed)
{
    public const int MaxEpochs = 1_000_000;

    public static string Usage =>
        """
        usage: dotnet run -c Release --project samples/NeuronAndTinyNet -- [options]

        Settings of part 2 (the 2-2-1 sigmoid net on XOR, sheet 003 §3); part 1 (the single neuron) is fixed.
          --batch-size N   samples per gradient step, 1 to 4 (default 4 = full batch)
          --lr X           learning rate ε > 0 (default 5)
          --epochs N       epochs, 1 to 1000000 (default 5000)
          --seed N         shuffling seed when the batch size is below 4 (default 0)
          --help           show this message
        The catalogue's figures (T-4) are for --batch-size 4 --lr 5 --epochs 5000.
        """;

    public bool IsCatalogueRun =>
        BatchSize == SigmoidXorNetExperiment.DefaultBatchSize && LearningRate == SigmoidXorNetExperiment.DefaultLearningRate &&
        Epochs == SigmoidXorNetExperiment.DefaultEpochs;

    /// <summary>Parses the arguments; returns null with an error message (or an empty one for --help) if they are not valid.</summary>
    public static XorNetSettings? Parse(string[] args, out string? error)
    {
        int batchSize = SigmoidXorNetExperiment.DefaultBatchSize;
        double learningRate = SigmoidXorNetExperiment.DefaultLearningRate;
        int epochs = SigmoidXorNetExperiment.DefaultEpochs;
        ulong seed = 0;
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string option = args[i];
            if (option is "--help" or "-h")
            {
                error = string.Empty;
                return null;
            }

            if (option is not ("--batch-size" or "--lr" or "--epochs" or "--seed"))
            {
                error = $"unknown option '{option}'";
                return null;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{option} needs a value";
                return null;
            }

            string value = args[++i];
            switch (option)
            {
                case "--batch-size":
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out batchSize) || batchSize < 1 || batchSize > 4)
                    {
                        error = $"--batch-size must be an integer from 1 to 4 (XOR has 4 samples); '{value}' was given";
                        return null;
                    }

                    break;
                case "--lr":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out learningRate) || !(learningRate > 0) || !double.IsFinite(learningRate))
                    {
                        error = $"--lr must be a positive finite number; '{value}' was given";
                        return null;
                    }

                    break;
                case "--epochs":
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out epochs) || epochs < 1 || epochs > MaxEpochs)
                    {
                        error = $"--epochs must be an integer from 1 to {MaxEpochs}; '{value}' was given";
                        return null;
                    }

                    break;
                default:
                    if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
                    {
                        error = $"--seed must be a non-negative integer; '{value}' was given";
                        return null;
                    }

                    break;
            }
        }

        return new XorNetSettings(batchSize, learningRate, epochs, seed);
    }
}
