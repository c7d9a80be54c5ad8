using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace TinyNets.Diagnostics;

/// <summary>The result of <see cref="GradientCheck.Run"/>: per parameter (and the input) the entry with the largest relative error.</summary>
public sealed class GradientCheckReport
{
    /// <summary>The <see cref="GradientCheckEntry.Name"/> of the input's entry.</summary>
    public const string InputName = "input";

    internal GradientCheckReport(IReadOnlyList<GradientCheckEntry> entries)
    {
        Entries = entries;
        Passed = entries.All(e => e.Passed);
        WorstRelativeError = entries.Max(e => e.RelativeError);
    }

    /// <summary>One entry per parameter in state_dict order, then the input's (named <see cref="InputName"/>).</summary>
    public IReadOnlyList<GradientCheckEntry> Entries { get; }

    /// <summary>Whether every checked value met the tolerances (PyTorch's <c>gradcheck</c> would not raise).</summary>
    public bool Passed { get; }

    /// <summary>The largest relative error over every parameter and the input.</summary>
    public double WorstRelativeError { get; }

    /// <summary>A table: name, worst entry, analytic and numeric gradient there, its relative error, and pass or fail.</summary>
    /// <returns>The table, one line per parameter and one for the input.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (GradientCheckEntry e in Entries)
        {
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{e.Name,-12} [{e.Row}, {e.Column}]  analytic {e.Analytic,-24:R} numeric {e.Numeric,-24:R} relative error {e.RelativeError:E2}  {(e.Passed ? "ok" : "FAILED")}"));
        }

        return text.ToString();
    }
}
