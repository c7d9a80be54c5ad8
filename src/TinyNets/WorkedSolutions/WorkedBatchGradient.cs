using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.WorkedSolutions;

/// <summary>
/// The gradient of a small batch's loss for one parameter entry, written as sheet 003 writes its gradient formulas:
/// ∂J/∂θ = Σᵢ ∂J/∂ŷᵢ · ∂ŷᵢ/∂… · … · ∂zᵢ/∂θ, one chain per sample with every factor evaluated, the terms, their sum,
/// and the SGD step. ∂J/∂ŷᵢ carries the loss's factor (1/N for a mean over the batch), as on the sheet
/// ((yᵢ − tᵢ)/N for J = 1/(2N)·Σᵢ (yᵢ − tᵢ)²).
/// </summary>
/// <remarks>Every number is read from one batch pass of the network's own <c>Forward</c>, the loss's <c>Forward</c>
/// and <c>Backward</c>, and the network's <c>Backward</c>, column by column; <see cref="Gradient"/> is the network's
/// own batch gradient (<c>GetGradient</c>), which the sum of the terms equals up to the order of the additions.</remarks>
public sealed class WorkedBatchGradient
{
    private WorkedBatchGradient(
        WorkedNotation notation, IReadOnlyList<IReadOnlyList<double>> inputs, IReadOnlyList<IReadOnlyList<double>> targets,
        IReadOnlyList<IReadOnlyList<double>> predictions, string lossKind, LossTerm lossTerm, double lossFactor, double lossValue,
        IReadOnlyList<ChainFactor> formula, IReadOnlyList<WorkedChain> chains, double sum, double gradient, WorkedUpdate update,
        string predictionName)
    {
        Notation = notation;
        Inputs = inputs;
        Targets = targets;
        Predictions = predictions;
        LossKind = lossKind;
        LossTerm = lossTerm;
        LossFactor = lossFactor;
        LossValue = lossValue;
        Formula = formula;
        Chains = chains;
        Sum = sum;
        Gradient = gradient;
        Update = update;
        PredictionName = predictionName;
    }

    /// <summary>The name of the network's output (the last layer's).</summary>
    internal string PredictionName { get; }

    /// <summary>The names written.</summary>
    public WorkedNotation Notation { get; }

    /// <summary>The samples' features, one list per sample.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Inputs { get; }

    /// <summary>The samples' targets, one list per sample.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Targets { get; }

    /// <summary>The network's outputs, one list per sample.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Predictions { get; }

    /// <summary>The loss's description (its <c>ToString()</c>).</summary>
    public string LossKind { get; }

    /// <summary>The per-entry term the loss sums.</summary>
    public LossTerm LossTerm { get; }

    /// <summary>The factor before the sum over samples (and outputs): the loss's scale, divided by the number of samples
    /// for a mean over the batch, or of samples × outputs for a mean over elements.</summary>
    public double LossFactor { get; }

    /// <summary>J, as the loss computed it for the batch.</summary>
    public double LossValue { get; }

    /// <summary>The factors of one sample's chain in names, with the sample index written as <c>i</c>
    /// (∂J/∂ŷ[i], ∂ŷ[i]/∂h[i,1], …); on several paths δ[i] and ∂z[i]/∂θ.</summary>
    public IReadOnlyList<ChainFactor> Formula { get; }

    /// <summary>Each sample's chain; its <see cref="WorkedChain.Product"/> is the sample's term of the sum.</summary>
    public IReadOnlyList<WorkedChain> Chains { get; }

    /// <summary>The terms' sum, left to right.</summary>
    public double Sum { get; }

    /// <summary>The entry of the network's batch gradient (<c>GetGradient</c>).</summary>
    public double Gradient { get; }

    /// <summary>The SGD step θ ← θ − η·∂J/∂θ with the network's gradient (the network is not changed).</summary>
    public WorkedUpdate Update { get; }

    /// <summary>Runs one batch through the network and the loss and records the gradient for one entry.</summary>
    /// <param name="network">A network of <c>Linear</c> layers and the element-wise activations worked solutions cover.</param>
    /// <param name="inputs">The samples' features, one array per sample (1 to 1000 samples of equal length); finite.</param>
    /// <param name="targets">The samples' targets, one array per sample, one value per output; finite and in the loss's domain.</param>
    /// <param name="loss">An <c>MseLoss</c> (any reduction and scale; <c>MseLoss.HalfMse()</c> is sheet 003's J =
    /// 1/(2N)·Σᵢ (yᵢ − tᵢ)²), a <c>SoftplusLoss</c> or a <c>BceWithLogitsLoss</c>.</param>
    /// <param name="learningRate">η of the SGD step; finite and ≥ 0.</param>
    /// <param name="parameter">The state_dict name of the parameter (<c>"0.weight"</c>).</param>
    /// <param name="row">The entry's row.</param>
    /// <param name="column">The entry's column (0 for a bias).</param>
    /// <param name="notation">The names to write; null for the defaults.</param>
    /// <returns>The worked batch gradient.</returns>
    /// <exception cref="ArgumentNullException">A reference argument (or a sample) is null.</exception>
    /// <exception cref="NotSupportedException">A layer or the loss is of a kind worked solutions do not cover.</exception>
    /// <exception cref="ArgumentException">No samples or more than 1000, samples of different lengths, lengths that do
    /// not fit the network, NaN or infinity, a target outside the loss's domain, an unknown parameter or a notation
    /// that does not fit. Nothing is run then.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry outside the parameter, or a learning rate that is
    /// negative, NaN or infinite.</exception>
    public static WorkedBatchGradient Create(
        Sequential network, double[][] inputs, double[][] targets, Loss loss, double learningRate, string parameter, int row, int column,
        WorkedNotation? notation = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parameter);
        notation ??= new WorkedNotation();
        const int MaxSamples = 1000;
        if (inputs.Length is 0 or > MaxSamples)
        {
            throw new ArgumentException(Invariant($"1 to {MaxSamples} samples were expected; {inputs.Length} were given."), nameof(inputs));
        }

        if (targets.Length != inputs.Length)
        {
            throw new ArgumentException(
                Invariant($"One target per sample ({inputs.Length}) was expected; {targets.Length} were given."), nameof(targets));
        }

        int n = inputs.Length;
        // Every sample has inputs[0]'s length (checked below), so the network is checked against the first.
        int[] widths = WorkedPass.CheckNetwork(network, inputs[0] ?? throw new ArgumentNullException(Invariant($"{nameof(inputs)}[0]")));
        for (int i = 0; i < n; i++)
        {
            string inputName = Invariant($"{nameof(inputs)}[{i}]"), targetName = Invariant($"{nameof(targets)}[{i}]");
            double[] input = inputs[i] ?? throw new ArgumentNullException(inputName);
            double[] target = targets[i] ?? throw new ArgumentNullException(targetName);
            if (i > 0 && input.Length != inputs[0].Length)
            {
                throw new ArgumentException(
                    Invariant($"Samples of {inputs[0].Length} features (as {nameof(inputs)}[0]) were expected; {inputName} has {input.Length}."), nameof(inputs));
            }

            WorkedPass.CheckValues(input, inputName);
            if (target.Length != widths[^1])
            {
                throw new ArgumentException(
                    Invariant($"A target of {widths[^1]} values (the network's outputs) was expected; {targetName} has {target.Length}."), nameof(targets));
            }

            WorkedPass.CheckValues(target, targetName);
        }

        LossTerm term = WorkedPass.CheckLoss(loss);
        Matrix<double> x = DenseMatrix.Create(inputs[0].Length, n, (r, c) => inputs[c][r]);
        Matrix<double> t = DenseMatrix.Create(widths[^1], n, (r, c) => targets[c][r]);
        loss.CheckTargets(t, nameof(targets));
        WorkedPass.CheckLearningRate(learningRate);

        (int layerIndex, Parameter entryParameter) = WorkedPass.FindParameter(network, parameter, row, column);
        string[][] names = WorkedPass.Names(network, notation);
        notation = WorkedPass.Frozen(notation);

        // One batch run of the network's own passes; every number below is read from it, column by column.
        Matrix<double> prediction = network.Forward(x);
        double value = loss.Forward(prediction, t);
        Matrix<double> lossGradient = loss.Backward();
        network.Backward(lossGradient, computeInputGradient: true);

        var chains = new WorkedChain[n];
        IReadOnlyList<ChainFactor>? formula = null;
        for (int i = 0; i < n; i++)
        {
            var steps = new WorkedStep[network.Count];
            for (int l = 0; l < network.Count; l++)
            {
                steps[l] = WorkedPass.Step(network, l, names, notation, i);
            }

            string label = (i + notation.IndexBase).ToString(CultureInfo.InvariantCulture);
            chains[i] = WorkedPass.BuildChain(network, steps, lossGradient, names, notation, parameter, layerIndex, entryParameter, row, column, i, label);
            formula ??= WorkedPass.BuildChain(network, steps, lossGradient, names, notation, parameter, layerIndex, entryParameter, row, column, i, "i").Factors;
        }

        double sum = 0;
        foreach (WorkedChain chain in chains)
        {
            sum += chain.Product;
        }

        int outputs = widths[^1];
        double factor = WorkedPass.LossFactor(loss, n, outputs);
        double gradient = chains[0].Gradient;
        double old = entryParameter.Value[row, column];
        WorkedUpdate update = WorkedPass.Update(chains[0].Entry, old, learningRate, gradient);
        return new WorkedBatchGradient(
            notation, Samples(x), Samples(t), Samples(prediction), loss.ToString() ?? loss.GetType().Name, term, factor, value,
            formula!, Array.AsReadOnly(chains), sum, gradient, update, names[^1][0]);
    }

    /// <summary>Writes the batch gradient: the samples, the loss, the sum of the chains with every factor, and the step.</summary>
    /// <param name="format">The format.</param>
    /// <param name="options">How to write numbers; null for exact (round-trip) numbers.</param>
    /// <param name="title">A title above everything; null or empty for none.</param>
    /// <returns>The text, lines separated by '\n'.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An unknown format.</exception>
    public string Write(WorkedFormat format, WorkedTextOptions? options = null, string? title = null) =>
        WorkedSolution.Render(format, options, title, document => WorkedLayout.WriteBatch(this, document));

    /// <summary>Writes the batch gradient as plain text; see <see cref="Write"/>.</summary>
    /// <param name="options">How to write numbers; null for exact (round-trip) numbers.</param>
    /// <returns>The text.</returns>
    public string ToText(WorkedTextOptions? options = null) => Write(WorkedFormat.Text, options);

    /// <inheritdoc/>
    public override string ToString() => ToText();

    private static System.Collections.ObjectModel.ReadOnlyCollection<IReadOnlyList<double>> Samples(Matrix<double> m) =>
        Array.AsReadOnly(Enumerable.Range(0, m.ColumnCount).Select(c => (IReadOnlyList<double>)WorkedPass.Column(m, c)).ToArray());

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
