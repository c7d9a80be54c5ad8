using System;
using System.IO;

namespace TinyNets.Samples.Experiments;

/// <summary>
/// Where the UCI datasets of samples/data are found at run time: in <c>data/</c> beside the running program. Each
/// sample's project file copies its dataset there, and the test project copies all of samples/data there.
/// </summary>
public static class UciData
{
    /// <summary>The folder <c>data</c> beside the running program.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>The full path of a dataset file, checked to exist.</summary>
    /// <param name="relativePath">The path below the data folder, e.g. <c>airfoil/airfoil_self_noise.dat</c>.</param>
    /// <param name="dataDirectory">The data folder; <see langword="null"/> for <see cref="DefaultDirectory"/>.</param>
    /// <returns>The file's full path.</returns>
    /// <exception cref="FileNotFoundException">The file is not there.</exception>
    public static string PathOf(string relativePath, string? dataDirectory = null)
    {
        string path = Path.GetFullPath(Path.Combine(dataDirectory ?? DefaultDirectory, relativePath));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The dataset file '{path}' is missing. The samples ship it in samples/data/{relativePath.Replace('\\', '/')}; the sample's project file copies it beside the program on build.",
                path);
        }

        return path;
    }
}
