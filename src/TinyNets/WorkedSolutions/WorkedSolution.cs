using System;
using System.Collections.Generic;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.WorkedSolutions;

/// <summary>
/// A whole worked solution for one sample, as the exercise sheets write it: the forward pass layer by layer, the loss,
/// the backward pass (δ of every layer), the chain rule for one parameter entry, and one SGD step for that entry. It is
/// data first (<see cref="Steps"/>, <see cref="Loss"/>, <see cref="Deltas"/>, <see cref="Chain"/>,
/// <see cref="Update"/>); <see cref="ToText(WorkedTextOptions?)"/> writes it as plain text.
/// </summary>
/// <remarks>Every number is read from one run of the network's own <c>Forward</c>, the loss's <c>Forward</c> and
/// <c>Backward</c>, and the network's <c>Backward</c> (layers' <c>Input</c>, <c>Output</c>, <c>InputGradient</c>, and
/// <c>GetGradient</c>); nothing is computed a second way, except the products W[i,j]·x[j] that a <c>Linear</c> step
/// lists and the chain's product.</remarks>
public sealed class WorkedSolution
{
    private WorkedSolution(
        WorkedNotation notation, IReadOnlyList<double> input, IReadOnlyList<WorkedStep> steps, WorkedLoss loss,
        IReadOnlyList<WorkedGradient> deltas, WorkedChain chain, WorkedUpdate update)
    {
        Notation = notation;
        Input = input;
        Steps = steps;
        Loss = loss;
        Deltas = deltas;
        Chain = chain;
        Update = update;
    }

    /// <summary>The names the solution writes.</summary>
    public WorkedNotation Notation { get; }

    /// <summary>The sample's features.</summary>
    public IReadOnlyList<double> Input { get; }

    /// <summary>The forward pass, one step per layer.</summary>
    public IReadOnlyList<WorkedStep> Steps { get; }

    /// <summary>The loss.</summary>
    public WorkedLoss Loss { get; }

    /// <summary>The backward pass: ∂L/∂(each layer's output), from the last layer to the first, then ∂L/∂input.</summary>
    public IReadOnlyList<WorkedGradient> Deltas { get; }

    /// <summary>The chain rule for the chosen parameter entry.</summary>
    public WorkedChain Chain { get; }

    /// <summary>The SGD step for the chosen parameter entry.</summary>
    public WorkedUpdate Update { get; }

    /// <summary>Runs one forward pass, the loss and one backward pass, and records the worked solution. The network's
    /// parameters stay as they were (the SGD step is computed, not taken); its layers' last pass and its gradients are
    /// those of this sample afterwards, as after any <c>Forward</c> and <c>Backward</c>.</summary>
    /// <param name="network">A network of <c>Linear</c> layers and the element-wise activations ReLU, LeakyReLU, Sigmoid,
    /// Tanh, Identity and Softplus.</param>
    /// <param name="input">One sample's features; finite.</param>
    /// <param name="target">The sample's target, one value per output; finite and in the loss's domain.</param>
    /// <param name="loss">An <c>MseLoss</c> (any reduction and scale: MSE, SSE, ½SSE), a <c>SoftplusLoss</c> or a
    /// <c>BceWithLogitsLoss</c>.</param>
    /// <param name="learningRate">η of the SGD step; finite and ≥ 0.</param>
    /// <param name="parameter">The state_dict name of the parameter whose entry the chain and the update follow (<c>"0.weight"</c>).</param>
    /// <param name="row">The entry's row (a bias's index).</param>
    /// <param name="column">The entry's column (0 for a bias).</param>
    /// <param name="notation">The names to write; null for the defaults.</param>
    /// <returns>The worked solution.</returns>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="NotSupportedException">A layer or the loss is of a kind worked solutions do not cover (the message names it).</exception>
    /// <exception cref="ArgumentException">Wrong lengths, NaN or infinity, a target outside the loss's domain, an
    /// unknown parameter, an entry outside it, or a notation that does not fit the network. Nothing is run then.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A learning rate that is negative, NaN or infinite.</exception>
    public static WorkedSolution Create(
        Sequential network, double[] input, double[] target, Loss loss, double learningRate, string parameter, int row, int column,
        WorkedNotation? notation = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parameter);
        notation ??= new WorkedNotation();
        int[] widths = WorkedPass.CheckNetwork(network, input);
        LossTerm term = WorkedPass.CheckLoss(loss);
        WorkedPass.CheckValues(input, nameof(input));
        if (target.Length != widths[^1])
        {
            throw new ArgumentException(
                WorkedPass.Invariant($"A target of {widths[^1]} values (the network's outputs) was expected; {target.Length} were given."), nameof(target));
        }

        WorkedPass.CheckValues(target, nameof(target));
        Matrix<double> targetColumn = DenseMatrix.OfColumnMajor(target.Length, 1, (double[])target.Clone());
        loss.CheckTargets(targetColumn, nameof(target));
        WorkedPass.CheckLearningRate(learningRate);

        (int layerIndex, Parameter entryParameter) = WorkedPass.FindParameter(network, parameter, row, column);
        string[][] names = WorkedPass.Names(network, notation);

        notation = WorkedPass.Frozen(notation);

        // One run of the network's own passes; everything below is read from it.
        Matrix<double> x = DenseMatrix.OfColumnMajor(input.Length, 1, (double[])input.Clone());
        Matrix<double> prediction = network.Forward(x);
        double value = loss.Forward(prediction, targetColumn);
        Matrix<double> lossGradient = loss.Backward();
        network.Backward(lossGradient, computeInputGradient: true);

        var steps = new WorkedStep[network.Count];
        for (int l = 0; l < network.Count; l++)
        {
            steps[l] = WorkedPass.Step(network, l, names, notation, 0);
        }

        string outputName = names[^1][0];
        double factor = WorkedPass.LossFactor(loss, 1, target.Length);
        var workedLoss = new WorkedLoss(
            loss.ToString() ?? loss.GetType().Name, term, factor,
            notation.Loss + " = " + LossFormula.InNames(new UnicodeMath(WorkedNumberFormat.Exact), term, factor, outputName, notation.Target, target.Length),
            WorkedPass.Column(network[^1].Output!), WorkedPass.ReadOnly((double[])target.Clone()), value, WorkedPass.Column(lossGradient));

        var deltas = new List<WorkedGradient>(network.Count + 1);
        for (int l = network.Count - 1; l >= 0; l--)
        {
            deltas.Add(new WorkedGradient(names[l][0], l, WorkedPass.Column(l == network.Count - 1 ? lossGradient : network[l + 1].InputGradient!)));
        }

        deltas.Add(new WorkedGradient(notation.Input, -1, WorkedPass.Column(network[0].InputGradient!)));
        WorkedChain chain = WorkedPass.BuildChain(network, steps, lossGradient, names, notation, parameter, layerIndex, entryParameter, row, column, 0, null);
        double old = entryParameter.Value[row, column];

        WorkedUpdate update = WorkedPass.Update(chain.Entry, old, learningRate, chain.Gradient);
        return new WorkedSolution(notation, WorkedPass.ReadOnly((double[])input.Clone()), Array.AsReadOnly(steps), workedLoss, deltas.AsReadOnly(), chain, update);
    }

    /// <summary>Runs one sample through the network and records the worked solution; see
    /// <see cref="Create(Sequential, double[], double[], Losses.Loss, double, string, int, int, WorkedNotation?)"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="input">One sample's features.</param>
    /// <param name="target">The sample's target.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="learningRate">η of the SGD step.</param>
    /// <param name="parameter">The parameter's state_dict name.</param>
    /// <param name="row">The entry's row.</param>
    /// <param name="column">The entry's column.</param>
    /// <param name="notation">The names to write; null for the defaults.</param>
    /// <returns>The worked solution.</returns>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="NotSupportedException">A layer or the loss is not covered.</exception>
    /// <exception cref="ArgumentException">Bad input, as for the array overload.</exception>
    public static WorkedSolution Create(
        Sequential network, Vector<double> input, double[] target, Loss loss, double learningRate, string parameter, int row, int column,
        WorkedNotation? notation = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Create(network, input.ToArray(), target, loss, learningRate, parameter, row, column, notation);
    }

    /// <summary>Writes the solution as plain (Unicode) text: the forward pass with its matrix products and every
    /// activation entry, the loss with its numbers, the δ of every layer, the chain and the update.</summary>
    /// <param name="options">How to write numbers; null for exact (round-trip) numbers.</param>
    /// <returns>The text, lines separated by '\n'.</returns>
    public string ToText(WorkedTextOptions? options = null) => Write(WorkedFormat.Text, options);

    /// <summary>Writes the solution as Markdown with TeX math: <c>$…$</c> inline and <c>$$</c> blocks of <c>aligned</c>
    /// equations (amsmath's <c>bmatrix</c>, <c>\frac</c>, <c>\operatorname</c>), as GitHub and KaTeX render them.</summary>
    /// <param name="options">How to write numbers; null for exact (round-trip) numbers.</param>
    /// <returns>The Markdown, lines separated by '\n'.</returns>
    /// <remarks>Names become TeX: a trailing index [i,j] a subscript, superscript and subscript digits (W¹, x₁) and ᵀ
    /// scripts, a part after '_' (Z_in) an upright subscript, a letter followed by digits (the default z0, a1) the
    /// layer's index as a superscript z^(0), Greek letters, ŷ, ã and combining accents (W̃) their TeX commands, other
    /// names of several letters upright text. Other non-ASCII characters are written as they are.</remarks>
    public string ToMarkdown(WorkedTextOptions? options = null) => Write(WorkedFormat.Markdown, options);

    /// <summary>Writes the solution as a LaTeX fragment (unnumbered subsections, <c>align*</c> environments) for a
    /// document that loads amsmath; <see cref="ToLatexDocument"/> writes a complete document.</summary>
    /// <param name="options">How to write numbers; null for exact (round-trip) numbers.</param>
    /// <returns>The LaTeX, lines separated by '\n'.</returns>
    /// <remarks>Names become TeX as in <see cref="ToMarkdown"/>. Matrices of more than 10 columns are written as an
    /// <c>array</c>, so the fragment needs no change of amsmath's <c>MaxMatrixCols</c>.</remarks>
    public string ToLatex(WorkedTextOptions? options = null) => Write(WorkedFormat.Latex, options);

    /// <summary>Writes the solution as a complete LaTeX document (article class with amsmath) that pdfLaTeX compiles.</summary>
    /// <param name="options">How to write numbers; null for exact (round-trip) numbers.</param>
    /// <param name="title">A title set above the solution; null or empty for none.</param>
    /// <returns>The document, lines separated by '\n'.</returns>
    public string ToLatexDocument(WorkedTextOptions? options = null, string? title = null) =>
        Write(WorkedFormat.LatexDocument, options, title);

    /// <summary>Writes the solution in a format chosen at run time, with an optional title above it.</summary>
    /// <param name="format">The format.</param>
    /// <param name="options">How to write numbers; null for exact (round-trip) numbers.</param>
    /// <param name="title">A title set above the solution (a heading, or the text's first line); null or empty for none.</param>
    /// <returns>The text, lines separated by '\n'.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An unknown format.</exception>
    public string Write(WorkedFormat format, WorkedTextOptions? options = null, string? title = null) =>
        Render(format, options, title, document => WorkedLayout.Write(this, document));

    /// <summary>Writes the exercise this solution solves: the network's layers with their parameters, the input, the
    /// target, the loss's formula and the learning rate, and the tasks (forward pass, loss, backward pass, the chain
    /// rule for the chosen entry, the SGD step), without any result. With <see cref="Write"/> it gives an exercise
    /// sheet and its solution.</summary>
    /// <param name="format">The format.</param>
    /// <param name="options">How to write numbers; null for exact (round-trip) numbers.</param>
    /// <param name="title">A title set above the exercise; null or empty for none.</param>
    /// <returns>The text, lines separated by '\n'.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An unknown format.</exception>
    public string WriteExercise(WorkedFormat format, WorkedTextOptions? options = null, string? title = null) =>
        Render(format, options, title, document => WorkedLayout.WriteExercise(this, document));

    internal static string Render(WorkedFormat format, WorkedTextOptions? options, string? title, Func<WorkedDocument, string> layout)
    {
        WorkedNumberFormat numbers = FormatOf(options);
        WorkedDocument document = format switch
        {
            WorkedFormat.Text => new TextDocument(numbers),
            WorkedFormat.Markdown => new MarkdownDocument(numbers),
            WorkedFormat.Latex or WorkedFormat.LatexDocument => new LatexDocument(numbers),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, $"One of {string.Join(", ", Enum.GetNames<WorkedFormat>())} was expected; {format} was given."),
        };
        if (!string.IsNullOrEmpty(title))
        {
            document.Title(title);
        }

        string body = layout(document);
        return format == WorkedFormat.LatexDocument
            ? "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n\n" + body + "\\end{document}\n"
            : body;
    }

    private static WorkedNumberFormat FormatOf(WorkedTextOptions? options) => (options ?? new WorkedTextOptions()).NumberFormat;
}
