// WorkedSolutions: the worked solution of one sample (forward pass, loss, backward pass, chain rule for one entry,
// SGD step) for a network given on the command line or in a model file, as text, Markdown or LaTeX; with --exercise,
// a drawn exercise with nice numbers and its solution. The logic is WorkedSolutionTool (samples/Common), which the
// tests run in-process; see --help.
using System;
using System.Text;
using TinyNets.Samples.Experiments;

Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
return WorkedSolutionTool.Run(args, Console.Out, Console.Error);
