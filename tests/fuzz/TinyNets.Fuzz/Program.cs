using System;
using System.IO;
using System.Linq;
using SharpFuzz;

namespace TinyNets.Fuzz;

/// <summary>
/// The fuzzing harness. <c>TinyNets.Fuzz &lt;target&gt;</c> serves afl-fuzz (SharpFuzz's out-of-process fork server, so
/// a stack overflow is reported as a crash instead of ending the campaign); <c>TinyNets.Fuzz &lt;target&gt; &lt;file&gt;…</c>
/// runs the target once per file and prints the outcome and what the reader allocated (to replay a finding, on the
/// uninstrumented build); <c>TinyNets.Fuzz seeds &lt;folder&gt;</c>
/// writes the seed inputs, one subfolder per target.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "seeds")
        {
            Seeds.Write(args[1]);
            return 0;
        }

        if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
        {
            Console.Error.WriteLine($"Usage: TinyNets.Fuzz <{string.Join("|", FuzzTargets.Names)}> [file ...] | seeds <folder>");
            return 2;
        }

        string target = args[0];
        if (args.Length > 1)
        {
            // Run on the uninstrumented build (bin/), not the published one: instrumented code needs afl-fuzz.
            foreach (string file in args[1..])
            {
                byte[] input = File.ReadAllBytes(file);
                bool accepted = FuzzTargets.Run(target, input, out long allocated);
                Console.WriteLine(FormattableString.Invariant(
                    $"{file}: {(accepted ? "accepted" : "refused (documented exception)")}, {input.Length} bytes in, {allocated} allocated of {FuzzTargets.MemoryBound(input.Length)} allowed"));
            }

            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            FuzzTargets.Run(target, copy.ToArray());
        });
        return 0;
    }
}
