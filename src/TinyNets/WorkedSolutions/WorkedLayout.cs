using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TinyNets.WorkedSolutions;

/// <summary>The order and content of a written solution, the same for every format: input and target, the forward
/// pass layer by layer, the loss, the backward pass, the chain and the update.</summary>
internal static class WorkedLayout
{
    public static string Write(WorkedSolution solution, WorkedDocument document)
    {
        WorkedMath m = document.Math;
        WorkedNotation n = solution.Notation;
        WriteSample(document, solution);

        document.Heading(Segment.Text("Forward pass"));
        foreach (WorkedStep step in solution.Steps)
        {
            document.Paragraph(Segment.Text(Invariant($"Layer {step.LayerIndex}: ")), Segment.Code(step.Layer));
            document.Equations(step is LinearStep linear ? Linear(m, linear) : Activation(m, (ActivationStep)step, n));
        }

        WorkedLoss loss = solution.Loss;
        string prediction = solution.Steps[^1].OutputName;
        document.Heading(Segment.Text("Loss: "), Segment.Code(loss.Kind));
        document.Equations(
        [
            new EquationChain(m.Name(n.Loss), m.EqualsSign,
            [
                LossFormula.InNames(m, loss.Term, loss.Factor, prediction, n.Target, loss.Target.Count),
                LossFormula.WithNumbers(m, loss.Term, loss.Factor, loss.Prediction, loss.Target),
                m.Number(loss.Value),
            ]),
            new EquationChain(m.Partial(n.Loss, prediction), m.EqualsSign, [m.Column(loss.Gradient)]),
        ]);

        document.Heading(
            Segment.Text("Backward pass ("), Segment.Math(m.Delta + m.Eq + m.PartialInline(n.Loss, "output")), Segment.Text(" of each layer)"));
        document.Equations(solution.Deltas
            .Select(delta => new EquationChain(
                m.Partial(n.Loss, delta.Name), m.EqualsSign, [m.Column(delta.Values)],
                delta.LayerIndex < 0 ? "input" : Invariant($"layer {delta.LayerIndex}")))
            .ToList());

        WorkedChain chain = solution.Chain;
        Segment[] paths = chain.SinglePath
            ? [Segment.Text(", one path to the loss)")]
            : [Segment.Text(", several paths: "), Segment.Math(m.Delta), Segment.Text(" sums them)")];
        document.Heading(
        [
            Segment.Text("Chain rule for "), Segment.Math(m.Name(chain.Entry)), Segment.Text(" ("),
            Segment.Code(Invariant($"\"{chain.Parameter}\"[{chain.Row}, {chain.Column}]")), .. paths,
        ]);
        document.Equations(
        [
            new EquationChain(m.Partial(n.Loss, chain.Entry), m.EqualsSign,
            [
                string.Join(m.ChainJoin, chain.Factors.Select(factor => m.Partial(factor.Numerator, factor.Denominator))),
                string.Join(m.ChainJoin, chain.Factors.Select(factor => m.Operand(factor.Value))),
                m.Number(chain.Product),
            ]),
        ]);

        WriteUpdate(document, n, solution.Update, ")");
        return document.ToString();
    }

    /// <summary>A batch gradient: the samples as columns, the loss over the batch, the sum of the samples' chains, the step.</summary>
    public static string WriteBatch(WorkedBatchGradient g, WorkedDocument document)
    {
        WorkedMath m = document.Math;
        WorkedNotation n = g.Notation;
        document.Paragraph(Segment.Text(Invariant($"{g.Inputs.Count} samples, one column each:")));
        document.Equations(
        [
            new(m.Name(n.Input), m.EqualsSign, [Columns(m, g.Inputs)]),
            new(m.Name(n.Target), m.EqualsSign, [Columns(m, g.Targets)]),
            new(m.Name(g.PredictionName), m.EqualsSign, [Columns(m, g.Predictions)]),
        ]);

        document.Heading(Segment.Text("Loss: "), Segment.Code(g.LossKind));
        int outputs = g.Targets[0].Count;
        document.Equations(
        [
            new(m.Name(n.Loss), m.EqualsSign,
            [
                LossFormula.InNamesOverSamples(m, g.LossTerm, g.LossFactor, g.PredictionName, n.Target, outputs),
                LossFormula.WithNumbers(m, g.LossTerm, g.LossFactor, g.Predictions.SelectMany(p => p).ToList(), g.Targets.SelectMany(t => t).ToList()),
                m.Number(g.LossValue),
            ]),
        ]);

        string entry = g.Update.Entry;
        WorkedChain first = g.Chains[0];
        document.Heading(
            Segment.Text("Gradient for "), Segment.Math(m.Name(entry)), Segment.Text(" over the samples ("),
            Segment.Code(Invariant($"\"{first.Parameter}\"[{first.Row}, {first.Column}]")), Segment.Text(")"));
        // One line per sample's term (a long sum does not fit one line), then the terms' values and their sum.
        var lines = new List<string> { m.SumOverI + string.Join(m.ChainJoin, g.Formula.Select(factor => m.Partial(factor.Numerator, factor.Denominator))) };
        var relations = new List<string>();
        for (int i = 0; i < g.Chains.Count; i++)
        {
            lines.Add(m.Paren(string.Join(m.ChainJoin, g.Chains[i].Factors.Select(factor => m.Operand(factor.Value)))));
            relations.Add(i == 0 ? m.EqualsSign : m.PlusSign);
        }

        lines.Add(string.Join(m.Plus, g.Chains.Select(chain => m.Operand(chain.Product))));
        lines.Add(m.Number(g.Sum));
        relations.Add(m.EqualsSign);
        relations.Add(m.EqualsSign);
        document.Equations([new(m.Partial(n.Loss, entry), m.EqualsSign, lines, LineRelations: relations)]);

        WriteUpdate(document, n, g.Update, ", with the network's gradient)");
        return document.ToString();
    }

    // The SGD step θ ← θ − η·g for the entry, with its numbers; headingEnd closes the heading's parenthesis.
    private static void WriteUpdate(WorkedDocument document, WorkedNotation n, WorkedUpdate update, string headingEnd)
    {
        WorkedMath m = document.Math;
        document.Heading(
            Segment.Text("SGD step ("), Segment.Math(m.Theta + " " + m.ArrowSign + " " + m.Theta + m.Minus + m.Times(m.Eta, "g")),
            Segment.Text(headingEnd));
        string entry = m.Name(update.Entry);
        document.Equations(
        [
            new EquationChain(entry, m.ArrowSign,
            [
                entry + m.Minus + m.Times(m.Eta, m.PartialInline(n.Loss, update.Entry)),
                m.Number(update.Old) + m.Minus + m.Times(m.Operand(update.LearningRate), m.Operand(update.Gradient)),
                m.Number(update.New),
            ]),
        ]);
    }

    // The sample's input and target, one paragraph each.
    private static void WriteSample(WorkedDocument document, WorkedSolution solution)
    {
        WorkedMath m = document.Math;
        WorkedNotation n = solution.Notation;
        document.Paragraph(Segment.Text("Input: "), Segment.Math(m.Name(n.Input) + m.Eq + m.InlineColumn(solution.Input)));
        document.Paragraph(Segment.Text("Target: "), Segment.Math(m.Name(n.Target) + m.Eq + m.InlineColumn(solution.Loss.Target)));
    }

    // A weight matrix with every entry written as a number.
    private static string NumberMatrix(WorkedMath m, IReadOnlyList<IReadOnlyList<double>> rows) =>
        m.Matrix(rows.Select(row => (IReadOnlyList<string>)row.Select(m.Number).ToList()).ToList());

    // Samples as the columns of a matrix (features or outputs down, samples across).
    private static string Columns(WorkedMath m, IReadOnlyList<IReadOnlyList<double>> samples) =>
        m.Matrix(Enumerable.Range(0, samples[0].Count)
            .Select(r => (IReadOnlyList<string>)samples.Select(sample => m.Number(sample[r])).ToList())
            .ToList());

    /// <summary>The exercise: the givens (layers with their parameters, input, target, loss, η) and the tasks, no result.</summary>
    public static string WriteExercise(WorkedSolution solution, WorkedDocument document)
    {
        WorkedMath m = document.Math;
        WorkedNotation n = solution.Notation;
        document.Heading(Segment.Text("Network"));
        foreach (WorkedStep step in solution.Steps)
        {
            document.Paragraph(Segment.Text(Invariant($"Layer {step.LayerIndex}: ")), Segment.Code(step.Layer));
            if (step is LinearStep linear)
            {
                bool bias = linear.BiasName is not null;
                var chains = new List<EquationChain>
                {
                    new(m.Name(linear.OutputName), m.EqualsSign,
                        [m.Times(m.Name(linear.WeightName), m.Name(linear.InputName)) + (bias ? m.Plus + m.Name(linear.BiasName!) : string.Empty)]),
                    new(m.Name(linear.WeightName), m.EqualsSign,
                        [NumberMatrix(m, linear.Weight)]),
                };
                if (bias)
                {
                    chains.Add(new(m.Name(linear.BiasName!), m.EqualsSign, [m.Column(linear.Bias)]));
                }

                document.Equations(chains);
            }
            else
            {
                var activation = (ActivationStep)step;
                document.Equations([new(m.Name(step.OutputName), m.EqualsSign, [m.Apply(activation.Function, m.Name(step.InputName))])]);
            }
        }

        document.Heading(Segment.Text("Sample, loss and learning rate"));
        WriteSample(document, solution);
        WorkedLoss loss = solution.Loss;
        string prediction = solution.Steps[^1].OutputName;
        document.Paragraph(Segment.Text("Loss: "), Segment.Code(loss.Kind));
        document.Equations([new(m.Name(n.Loss), m.EqualsSign, [LossFormula.InNames(m, loss.Term, loss.Factor, prediction, n.Target, loss.Target.Count)])]);
        document.Paragraph(Segment.Text("Learning rate: "), Segment.Math(m.Eta + m.Eq + m.Number(solution.Update.LearningRate)));

        string outputs = string.Join(", ", solution.Steps.Select(step => m.Name(step.OutputName)));
        string deltas = string.Join(", ", solution.Deltas.Select(delta => m.PartialInline(n.Loss, delta.Name)));
        string entry = solution.Chain.Entry;
        document.Heading(Segment.Text("Tasks"));
        document.NumberedList(
        [
            [Segment.Text("Compute the forward pass: "), Segment.Math(outputs), Segment.Text(".")],
            [Segment.Text("Compute the loss "), Segment.Math(m.Name(n.Loss)), Segment.Text(".")],
            [Segment.Text("Backpropagate: compute "), Segment.Math(deltas), Segment.Text(".")],
            [Segment.Text("Write the chain rule for "), Segment.Math(m.PartialInline(n.Loss, entry)), Segment.Text(" and evaluate every factor.")],
            [Segment.Text("Take one gradient-descent step: compute the new "), Segment.Math(m.Name(entry)), Segment.Text(".")],
        ]);
        return document.ToString();
    }

    private static List<EquationChain> Linear(WorkedMath m, LinearStep step)
    {
        bool bias = step.BiasName is not null;
        string plusBias = bias ? m.Plus + m.Name(step.BiasName!) : string.Empty;
        string numbers = m.Times(NumberMatrix(m, step.Weight), m.Column(step.Input))
            + (bias ? m.Plus + m.Column(step.Bias) : string.Empty);
        var sums = new List<string>(step.Weight.Count);
        for (int i = 0; i < step.Weight.Count; i++)
        {
            var parts = step.Weight[i].Select((w, j) => m.Times(m.Operand(w), m.Operand(step.Input[j]))).ToList();
            if (bias)
            {
                parts.Add(m.Operand(step.Bias[i]));
            }

            sums.Add(string.Join(m.Plus, parts));
        }

        return
        [
            new EquationChain(m.Name(step.OutputName), m.EqualsSign,
                [m.Times(m.Name(step.WeightName), m.Name(step.InputName)) + plusBias, numbers, m.Column(sums), m.Column(step.Output)]),
        ];
    }

    private static List<EquationChain> Activation(WorkedMath m, ActivationStep step, WorkedNotation n)
    {
        var chains = new List<EquationChain>(step.Input.Count + 1)
        {
            new(m.Name(step.OutputName), m.EqualsSign, [m.Apply(step.Function, m.Name(step.InputName))]),
        };
        for (int i = 0; i < step.Input.Count; i++)
        {
            string name = step.Output.Count == 1 ? step.OutputName : Invariant($"{step.OutputName}[{i + n.IndexBase}]");
            string z = m.Number(step.Input[i]);
            chains.Add(new EquationChain(m.Name(name), m.EqualsSign,
                [m.Apply(step.Function, z) + m.Eq + m.Number(step.Output[i]) + m.Separator + m.Derivative(step.Function, z) + m.Eq + m.Number(step.Derivative[i])]));
        }

        return chains;
    }

    private static string Invariant(System.FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
