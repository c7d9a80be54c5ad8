using System.IO;
using System.Threading.Tasks;
using System.Diagnostics;

namespace TinyNets.Tests.Support;

/// <summary>Programs outside .NET that some tests run (pdfLaTeX, Node.js), and the repository's root.</summary>
internal static class ExternalTool
{
    /// <summary>The repository's root: the first folder above the test assembly that holds TinyNets.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (folder.Length > 0 && File.Exists(Path.Combine(folder, name)))
            {
                return Path.Combine(folder, name);
            }
        }

        return null;
    }

    /// <summary>Runs a program to its end (at most two minutes) and returns its exit code and its output and errors.</summary>
    public static (int ExitCode, string Output) Run(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after two minutes\n" + output.Result + errors.Result);
        }

        return (process.ExitCode, output.Result + errors.Result);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TinyNets.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("TinyNets.sln was not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs pdfLaTeX on PATH (Debian's texlive-latex-base); skipped, not passed, without it.</summary>
public sealed class PdfLatexFactAttribute : FactAttribute
{
    /// <summary>Skips the test when pdflatex is not on PATH.</summary>
    public PdfLatexFactAttribute()
    {
        if (ExternalTool.Find("pdflatex") is null)
        {
            Skip = "pdflatex is not on PATH (Debian: apt-get install texlive-latex-base).";
        }
    }
}

/// <summary>A fact that needs Node.js and KaTeX installed in tests/katex (<c>npm ci --prefix tests/katex</c>);
/// skipped, not passed, without them.</summary>
public sealed class KatexFactAttribute : FactAttribute
{
    /// <summary>Skips the test when node or tests/katex/node_modules/katex is missing.</summary>
    public KatexFactAttribute()
    {
        if (ExternalTool.Find("node") is null)
        {
            Skip = "node is not on PATH.";
        }
        else if (!Directory.Exists(Path.Combine(ExternalTool.RepositoryRoot, "tests", "katex", "node_modules", "katex")))
        {
            Skip = "KaTeX is not installed: run npm ci --prefix tests/katex.";
        }
    }
}
