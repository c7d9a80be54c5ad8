using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.ML.OnnxRuntime;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// Runs an ONNX model in ONNX Runtime (the reference engine of these tests): CPU provider, graph optimisations on, one
/// intra-op thread. Every message ONNX Runtime logs at warning level or above is collected per session, so that a test
/// can require a model to load without warnings.
/// </summary>
internal sealed class OnnxRuntimeRunner : IDisposable
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> LogsBySession = new();
    private static int _sessions;

    // The environment is process-wide and is created implicitly by the first session anyone opens (a test's own, or
    // ML.NET's): so it is created when the test assembly loads, before any test runs, with a logger that files each
    // message under the session's log id.
#pragma warning disable CA2255 // A module initializer in a test assembly: nothing else may create ONNX Runtime's environment first.
    [ModuleInitializer]
    internal static void CreateEnvironment() => RuntimeHelpers.RunClassConstructor(typeof(OnnxRuntimeRunner).TypeHandle);
#pragma warning restore CA2255

    static OnnxRuntimeRunner()
    {
        var options = new EnvironmentCreationOptions
        {
            logId = "tinynets-tests",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
            loggingFunction = Log,
        };
        _ = OrtEnv.CreateInstanceWithOptions(ref options);
    }

    private readonly InferenceSession _session;
    private readonly string _logId;

    public OnnxRuntimeRunner(byte[] model)
    {
        _logId = "session-" + Interlocked.Increment(ref _sessions).ToString(System.Globalization.CultureInfo.InvariantCulture);
        LogsBySession[_logId] = new ConcurrentQueue<string>();
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            LogId = _logId,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
        };
        _session = new InferenceSession(model, options);
    }

    /// <summary>What ONNX Runtime logged at warning level or above for this session (or without a session id).</summary>
    public IReadOnlyList<string> Warnings => [.. LogsBySession[_logId]];

    public InferenceSession Session => _session;

    /// <summary>Runs the model on a float64 batch <c>[rows, columns]</c> (row-major) and returns the named outputs, row-major.</summary>
    public IReadOnlyDictionary<string, double[]> Run(string inputName, double[] rowMajor, int rows, int columns, params string[] outputs) =>
        RunCore(OrtValue.CreateTensorValueFromMemory(rowMajor, [rows, columns]), inputName, outputs,
            v => v.GetTensorDataAsSpan<double>().ToArray());

    /// <summary>Runs the model on a float32 batch <c>[rows, columns]</c> (row-major) and returns the named outputs, row-major.</summary>
    public IReadOnlyDictionary<string, float[]> Run(string inputName, float[] rowMajor, int rows, int columns, params string[] outputs) =>
        RunCore(OrtValue.CreateTensorValueFromMemory(rowMajor, [rows, columns]), inputName, outputs,
            v => v.GetTensorDataAsSpan<float>().ToArray());

    private Dictionary<string, T[]> RunCore<T>(OrtValue input, string inputName, string[] outputs, Func<OrtValue, T[]> read)
    {
        using (input)
        {
            using var runOptions = new RunOptions();
            var inputs = new Dictionary<string, OrtValue> { [inputName] = input };
            using var results = _session.Run(runOptions, inputs, outputs);
            var byName = new Dictionary<string, T[]>();
            for (int i = 0; i < outputs.Length; i++)
            {
                byName[outputs[i]] = read(results[i]);
            }

            return byName;
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        LogsBySession.TryRemove(_logId, out _);
    }

    private static void Log(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        if (severity < OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING)
        {
            return;
        }

        string line = $"{severity} [{category}] {codeLocation}: {message}";
        if (LogsBySession.TryGetValue(logId, out var queue))
        {
            queue.Enqueue(line);
        }
        else
        {
            // A message not tied to a session (the environment's own) goes to every open session: it may concern any.
            foreach (var q in LogsBySession.Values)
            {
                q.Enqueue(line);
            }
        }
    }
}
