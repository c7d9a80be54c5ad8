namespace TinyNets.WorkedSolutions;

/// <summary>The formats a worked solution or its exercise is written in.</summary>
public enum WorkedFormat
{
    /// <summary>Plain Unicode text (<see cref="WorkedSolution.ToText"/>).</summary>
    Text,

    /// <summary>Markdown with TeX math (<see cref="WorkedSolution.ToMarkdown"/>).</summary>
    Markdown,

    /// <summary>A LaTeX fragment for a document that loads amsmath (<see cref="WorkedSolution.ToLatex"/>).</summary>
    Latex,

    /// <summary>A complete LaTeX document (<see cref="WorkedSolution.ToLatexDocument"/>).</summary>
    LatexDocument,
}
