using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.WorkedSolutions;

/// <summary>What worked solutions and batch gradients share: the checks of their arguments, the names, and reading a
/// layer's step and a chain from one sample (column) of the network's last pass.</summary>
internal static class WorkedPass
{
    public static readonly string[] Supported = ["Linear", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Identity", "Softplus"];

    public static int[] CheckNetwork(Sequential network, double[] input)
    {
        int inputLength = input.Length;
        if (inputLength == 0)
        {
            throw new ArgumentException("An input of at least one feature was expected; 0 were given.", nameof(input));
        }

        var widths = new int[network.Count];
        int width = inputLength;
        for (int l = 0; l < network.Count; l++)
        {
            Layer layer = network[l];
            if (layer is Linear linear)
            {
                if (linear.InFeatures != width)
                {
                    throw new ArgumentException(
                        Invariant($"An input of {linear.InFeatures} features was expected for layer {l} ({layer}); {width} were given."), nameof(input));
                }

                width = linear.OutFeatures;
            }
            else if (!IsSupportedActivation(layer))
            {
                throw new NotSupportedException(Invariant(
                    $"Layer {l} ({layer}) is not supported in a worked solution; supported are {string.Join(", ", Supported)}."));
            }

            widths[l] = width;
        }

        return widths;
    }

    private static bool IsSupportedActivation(Layer layer) =>
        layer is ReLU or LeakyReLU or Sigmoid or Tanh or Identity or Softplus;

    public static LossTerm CheckLoss(Loss loss) => loss switch
    {
        MseLoss => LossTerm.SquaredError,
        SoftplusLoss => LossTerm.Softplus,
        BceWithLogitsLoss => LossTerm.BinaryCrossEntropyWithLogits,
        _ => throw new NotSupportedException(
            $"The loss {loss} is not supported in a worked solution; supported are MseLoss (with its Sse and HalfSse forms), SoftplusLoss and BceWithLogitsLoss."),
    };

    public static void CheckValues(double[] values, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException(Invariant($"Finite values were expected; {paramName}[{i}] is {values[i]}."), paramName);
            }
        }
    }

    public static (int Layer, Parameter Parameter) FindParameter(Sequential network, string parameter, int row, int column)
    {
        string name = parameter;
        if (!network.TryGetParameter(name, out Parameter? found))
        {
            throw new ArgumentException(
                $"No parameter \"{name}\" in the network; its parameters are {string.Join(", ", network.NamedParameters.Select(p => $"\"{p.Key}\""))}.",
                nameof(parameter));
        }

        Matrix<double> value = found.Value;
        if (row < 0 || row >= value.RowCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(row), row, Invariant($"A row in 0…{value.RowCount - 1} of \"{name}\" ({value.RowCount}×{value.ColumnCount}) was expected; {row} was given."));
        }

        if (column < 0 || column >= value.ColumnCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(column), column, Invariant($"A column in 0…{value.ColumnCount - 1} of \"{name}\" ({value.RowCount}×{value.ColumnCount}) was expected; {column} was given."));
        }

        for (int l = 0; l < network.Count; l++)
        {
            if (network[l] is Linear linear && (ReferenceEquals(linear.Weight, found) || ReferenceEquals(linear.Bias, found)))
            {
                return (l, found);
            }
        }

        throw new NotSupportedException($"The parameter \"{name}\" belongs to no Linear layer.");
    }

    // names[l] = [output, weight, bias] of layer l (weight and bias only for a Linear layer).
    public static string[][] Names(Sequential network, WorkedNotation notation)
    {
        if (notation.IndexBase is not (0 or 1))
        {
            throw new ArgumentException(Invariant($"An index base of 0 or 1 was expected; {notation.IndexBase} was given."), nameof(notation));
        }

        foreach ((string name, string what) in new[] { (notation.Input, "input"), (notation.Target, "target"), (notation.Loss, "loss") })
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"A name was expected for the {what}; an empty one was given.", nameof(notation));
            }
        }

        if (notation.Layers is { } given && given.Count != network.Count)
        {
            throw new ArgumentException(
                Invariant($"A notation for each of the network's {network.Count} layers was expected; {given.Count} were given."), nameof(notation));
        }

        var names = new string[network.Count][];
        for (int l = 0; l < network.Count; l++)
        {
            LayerNotation? layer = notation.Layers?[l];
            if (layer is not null && string.IsNullOrWhiteSpace(layer.Output))
            {
                throw new ArgumentException(Invariant($"A name was expected for the output of layer {l}; an empty one was given."), nameof(notation));
            }

            string prefix = l.ToString(CultureInfo.InvariantCulture);
            names[l] = network[l] is Linear
                ? [layer?.Output ?? "z" + prefix, layer?.Weight ?? prefix + ".weight", layer?.Bias ?? prefix + ".bias"]
                : [layer?.Output ?? "a" + prefix];
        }

        return names;
    }

    public static WorkedStep Step(Sequential network, int l, string[][] names, WorkedNotation notation, int sample)
    {
        Layer layer = network[l];
        string inputName = l == 0 ? notation.Input : names[l - 1][0];
        ReadOnlyCollection<double> input = Column(layer.Input!, sample), output = Column(layer.Output!, sample);
        if (layer is Linear linear)
        {
            Matrix<double> w = linear.Weight.Value;
            var rows = new IReadOnlyList<double>[w.RowCount];
            var terms = new IReadOnlyList<double>[w.RowCount];
            for (int i = 0; i < w.RowCount; i++)
            {
                var wi = new double[w.ColumnCount];
                var ti = new double[w.ColumnCount];
                for (int j = 0; j < wi.Length; j++)
                {
                    wi[j] = w[i, j];
                    ti[j] = w[i, j] * input[j];
                }

                rows[i] = ReadOnly(wi);
                terms[i] = ReadOnly(ti);
            }

            IReadOnlyList<double> bias = linear.Bias is { } b ? Column(b.Value) : ReadOnly([]);
            return new LinearStep(
                l, layer.ToString() ?? "Linear", inputName, names[l][0], input, output, names[l][1], linear.Bias is null ? null : names[l][2],
                Array.AsReadOnly(rows), bias, Array.AsReadOnly(terms));
        }

        // f′ entry by entry from the layer's own backward formula with ∂L/∂y = 1 (a pure function: the layer keeps its pass).
        var activation = (Activation)layer;
        var x = input.ToArray();
        var y = output.ToArray();
        var ones = Enumerable.Repeat(1.0, x.Length).ToArray();
        var derivative = new double[x.Length];
        activation.ApplyBackwardPass(x, y, ones, derivative);
        return new ActivationStep(l, layer.ToString() ?? layer.GetType().Name, inputName, names[l][0], input, output, FunctionName(activation), ReadOnly(derivative));
    }

    private static string FunctionName(Activation activation) => activation switch
    {
        ReLU => "ReLU",
        LeakyReLU => "LeakyReLU",
        Sigmoid => "σ",
        Tanh => "tanh",
        Identity => "id",
        _ => "softplus",
    };

    /// <summary>The chain for one entry and one sample (column) of the last pass; <paramref name="sampleLabel"/> (null
    /// for one sample) is written as the first index of every per-sample quantity: ŷ[i], h[i,1].</summary>
    public static WorkedChain BuildChain(
        Sequential network, WorkedStep[] steps, Matrix<double> lossGradient, string[][] names, WorkedNotation notation, string parameter, int k,
        Parameter entryParameter, int row, int column, int sample, string? sampleLabel)
    {
        var linearK = (LinearStep)steps[k];
        bool isBias = linearK.BiasName is not null && ReferenceEquals(((Linear)network[k]).Bias, entryParameter);
        int b = notation.IndexBase;
        string entry = isBias
            ? Entry(names[k][2], row, linearK.Output.Count, b, null)
            : Invariant($"{names[k][1]}[{row + b},{column + b}]");
        string zk = Entry(names[k][0], row, linearK.Output.Count, b, sampleLabel);

        bool singlePath = true;
        for (int l = k + 1; l < network.Count; l++)
        {
            singlePath &= network[l] is not Linear { OutFeatures: not 1 };
        }

        var factors = new List<ChainFactor>();
        if (singlePath)
        {
            // The unit the path passes in each layer's output: row in layer k, the same through an activation, 0 after a Linear.
            var unit = new int[network.Count];
            unit[k] = row;
            for (int l = k + 1; l < network.Count; l++)
            {
                unit[l] = network[l] is Linear ? 0 : unit[l - 1];
            }

            int last = network.Count - 1;
            factors.Add(new ChainFactor(notation.Loss, Entry(names[last][0], unit[last], steps[last].Output.Count, b, sampleLabel), lossGradient[unit[last], sample]));
            for (int l = last; l > k; l--)
            {
                string numerator = Entry(names[l][0], unit[l], steps[l].Output.Count, b, sampleLabel);
                string denominator = Entry(names[l - 1][0], unit[l - 1], steps[l - 1].Output.Count, b, sampleLabel);
                double value = steps[l] is LinearStep linear ? linear.Weight[unit[l]][unit[l - 1]] : ((ActivationStep)steps[l]).Derivative[unit[l]];
                factors.Add(new ChainFactor(numerator, denominator, value));
            }
        }
        else
        {
            // Several paths: δ[row] of layer k from the backward pass carries their sum.
            double delta = k == network.Count - 1 ? lossGradient[row, sample] : network[k + 1].InputGradient![row, sample];
            factors.Add(new ChainFactor(notation.Loss, zk, delta));
        }

        factors.Add(new ChainFactor(zk, entry, isBias ? 1.0 : linearK.Input[column]));
        double product = 1.0;
        foreach (ChainFactor factor in factors)
        {
            product *= factor.Value;
        }

        double gradient = network.GetGradient(parameter)[row, column];
        return new WorkedChain(parameter, row, column, entry, singlePath, factors.AsReadOnly(), product, gradient);
    }

    /// <summary>A vector's entry: the name alone for a vector of one entry, else name[index]; with a sample label
    /// name[label] or name[label,index].</summary>
    private static string Entry(string name, int index, int count, int indexBase, string? sampleLabel) =>
        sampleLabel is null
            ? (count == 1 ? name : Invariant($"{name}[{index + indexBase}]"))
            : (count == 1 ? Invariant($"{name}[{sampleLabel}]") : Invariant($"{name}[{sampleLabel},{index + indexBase}]"));

    public static ReadOnlyCollection<double> Column(Matrix<double> m, int sample = 0) => ReadOnly(m.Column(sample).ToArray());

    public static ReadOnlyCollection<double> ReadOnly(double[] values) => Array.AsReadOnly(values);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static void CheckLearningRate(double learningRate)
    {
        if (!(learningRate >= 0) || !double.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(learningRate), learningRate, Invariant($"'learningRate' must be finite and ≥ 0; {learningRate} was given."));
        }
    }

    /// <summary>The notation with its own copy of the layer names, so that a caller's list changed later does not change it.</summary>
    public static WorkedNotation Frozen(WorkedNotation notation) =>
        notation with { Layers = notation.Layers is null ? null : Array.AsReadOnly(notation.Layers.ToArray()) };

    /// <summary>The factor before the loss's sum over samples and outputs: its scale, divided by the elements for a mean
    /// over elements or by the samples for a mean over the batch.</summary>
    public static double LossFactor(Loss loss, int samples, int outputs) => loss.Reduction switch
    {
        Reduction.Mean => loss.Scale / ((double)samples * outputs),
        Reduction.BatchMean => loss.Scale / samples,
        _ => loss.Scale,
    };

    /// <summary>θ − η·g as Sgd's step writes it (θ + (−η)·g, the same double).</summary>
    public static WorkedUpdate Update(string entry, double old, double learningRate, double gradient) =>
        new(entry, old, learningRate, gradient, old + (-learningRate * gradient));
}
