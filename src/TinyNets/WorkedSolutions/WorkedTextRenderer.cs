using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace TinyNets.WorkedSolutions;

/// <summary>Writes a worked solution as plain Unicode text. Vectors are columns written [a; b; c] and matrices row by
/// row [a, b; c, d], as W·x + b reads on the sheets.</summary>
internal static class WorkedTextRenderer
{
    public static string Write(WorkedSolution solution, WorkedTextOptions options)
    {
        WorkedNumberFormat f = options.NumberFormat;
        WorkedNotation n = solution.Notation;
        var text = new StringBuilder();
        text.Append("Input: ").Append(n.Input).Append(" = ").Append(Column(solution.Input, f)).Append('\n');
        text.Append("Target: ").Append(n.Target).Append(" = ").Append(Column(solution.Loss.Target, f)).Append('\n');

        text.Append("\nForward pass\n");
        foreach (WorkedStep step in solution.Steps)
        {
            text.Append(Invariant($"Layer {step.LayerIndex}: {step.Layer}\n"));
            if (step is LinearStep linear)
            {
                WriteLinear(text, linear, f);
            }
            else
            {
                WriteActivation(text, (ActivationStep)step, n, f);
            }
        }

        WorkedLoss loss = solution.Loss;
        string prediction = solution.Steps[^1].OutputName;
        text.Append("\nLoss: ").Append(loss.Kind).Append('\n');
        string lead = "  " + loss.Formula;
        text.Append(lead).Append('\n');
        string pad = new(' ', 2 + n.Loss.Length + 1);
        text.Append(pad).Append("= ").Append(LossFormula.WithNumbers(loss.Term, loss.Factor, loss.Prediction, loss.Target, f)).Append('\n');
        text.Append(pad).Append("= ").Append(f.Format(loss.Value)).Append('\n');
        text.Append("  ∂").Append(n.Loss).Append("/∂").Append(prediction).Append(" = ").Append(Column(loss.Gradient, f)).Append('\n');

        text.Append("\nBackward pass (δ = ∂").Append(n.Loss).Append("/∂output of each layer)\n");
        foreach (WorkedGradient delta in solution.Deltas)
        {
            string where = delta.LayerIndex < 0 ? "input" : Invariant($"layer {delta.LayerIndex}");
            text.Append("  ∂").Append(n.Loss).Append("/∂").Append(delta.Name).Append(" = ").Append(Column(delta.Values, f))
                .Append("   (").Append(where).Append(")\n");
        }

        WorkedChain chain = solution.Chain;
        text.Append("\nChain rule for ").Append(chain.Entry).Append(" (\"").Append(chain.Parameter)
            .Append(Invariant($"\"[{chain.Row}, {chain.Column}]"))
            .Append(chain.SinglePath ? ", one path to the loss" : ", several paths: δ sums them").Append(")\n");
        string head = "  ∂" + n.Loss + "/∂" + chain.Entry + " ";
        string indent = new(' ', head.Length);
        text.Append(head).Append("= ").Append(string.Join(" · ", chain.Factors.Select(factor => factor.Label))).Append('\n');
        text.Append(indent).Append("= ").Append(string.Join(" · ", chain.Factors.Select(factor => LossFormula.Operand(factor.Value, f)))).Append('\n');
        text.Append(indent).Append("= ").Append(f.Format(chain.Product)).Append('\n');

        WorkedUpdate update = solution.Update;
        text.Append("\nSGD step (θ ← θ − η·g)\n");
        text.Append("  ").Append(update.Entry).Append(" ← ").Append(update.Entry).Append(" − η·∂").Append(n.Loss).Append("/∂").Append(update.Entry)
            .Append('\n');
        string updateIndent = new(' ', 2 + update.Entry.Length + 1);
        text.Append(updateIndent).Append("= ").Append(f.Format(update.Old)).Append(" − ").Append(LossFormula.Operand(update.LearningRate, f))
            .Append('·').Append(LossFormula.Operand(update.Gradient, f)).Append('\n');
        text.Append(updateIndent).Append("= ").Append(f.Format(update.New)).Append('\n');
        return text.ToString();
    }

    private static void WriteLinear(StringBuilder text, LinearStep step, WorkedNumberFormat f)
    {
        bool bias = step.BiasName is not null;
        string head = "  " + step.OutputName + " ";
        string indent = new(' ', head.Length);
        text.Append(head).Append("= ").Append(step.WeightName).Append('·').Append(step.InputName)
            .Append(bias ? " + " + step.BiasName : string.Empty).Append('\n');
        string matrix = "[" + string.Join("; ", step.Weight.Select(row => string.Join(", ", row.Select(f.Format)))) + "]";
        text.Append(indent).Append("= ").Append(matrix).Append('·').Append(Column(step.Input, f))
            .Append(bias ? " + " + Column(step.Bias, f) : string.Empty).Append('\n');
        var sums = new List<string>(step.Weight.Count);
        for (int i = 0; i < step.Weight.Count; i++)
        {
            var parts = step.Weight[i].Select((w, j) => LossFormula.Operand(w, f) + "·" + LossFormula.Operand(step.Input[j], f)).ToList();
            if (bias)
            {
                parts.Add(LossFormula.Operand(step.Bias[i], f));
            }

            sums.Add(string.Join(" + ", parts));
        }

        text.Append(indent).Append("= [").Append(string.Join("; ", sums)).Append("]\n");
        text.Append(indent).Append("= ").Append(Column(step.Output, f)).Append('\n');
    }

    private static void WriteActivation(StringBuilder text, ActivationStep step, WorkedNotation n, WorkedNumberFormat f)
    {
        text.Append("  ").Append(step.OutputName).Append(" = ").Append(step.Function).Append('(').Append(step.InputName).Append(")\n");
        for (int i = 0; i < step.Input.Count; i++)
        {
            string name = step.Output.Count == 1 ? step.OutputName : Invariant($"{step.OutputName}[{i + n.IndexBase}]");
            text.Append("  ").Append(name).Append(" = ").Append(step.Function).Append('(').Append(f.Format(step.Input[i])).Append(") = ")
                .Append(f.Format(step.Output[i])).Append(",   ").Append(step.Function).Append("′(").Append(f.Format(step.Input[i])).Append(") = ")
                .Append(f.Format(step.Derivative[i])).Append('\n');
        }
    }

    private static string Column(IReadOnlyList<double> values, WorkedNumberFormat f) => "[" + string.Join("; ", values.Select(f.Format)) + "]";

    private static string Invariant(System.FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
