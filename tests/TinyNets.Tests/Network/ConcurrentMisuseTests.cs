using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace TinyNets.Tests.Network;

/// <summary>
/// A Sequential is a single-threaded object (its layers keep the last pass), so sharing one between threads gives wrong
/// numbers — but never a write outside an array. Before workspaces and kernels were guarded, two threads forwarding an
/// 8×1 and an 8×16 batch through one 8-32-4 tanh net killed the process within milliseconds. These tests hammer shared
/// networks for a few seconds and require the process to survive; the numbers are not checked (the contract allows
/// them to be wrong).
/// </summary>
public class ConcurrentMisuseTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(1.5);

    public static TheoryData<string> Nets => new() { "small", "large" };

    private static Sequential Build(string kind) => kind == "small"
        ? new Sequential(new Linear(8, 32), new Tanh(), new Linear(32, 4)).Initialize(1)
        // Products above the kernels' blocked threshold, so the packed GEMM runs too.
        : new Sequential(new Linear(8, 96), new ReLU(), new Linear(96, 64), new Tanh(), new Linear(64, 4), new Softmax()).Initialize(2);

    [Theory]
    [MemberData(nameof(Nets))]
    public void ForwardFromFourThreadsWithMixedBatchSizesNeverCorruptsMemory(string kind)
    {
        Sequential net = Build(kind);
        int[] batchSizes = { 1, 16, 3, 64 };
        var errors = new ConcurrentQueue<Exception>();
        long passes = 0;
        Run(4, worker =>
        {
            var random = new SeededRandom((ulong)worker + 10);
            var inputs = batchSizes.Select(n => Matrix<double>.Build.Dense(8, n, (_, _) => random.NextUniform(-1, 1))).ToArray();
            var vector = Vector<double>.Build.Dense(8, i => i * 0.1);
            int turn = worker;
            return () =>
            {
                Matrix<double> output = net.Forward(inputs[turn++ % inputs.Length]);
                _ = output[0, 0];
                _ = net.Forward(vector);
                Interlocked.Increment(ref passes);
            };
        }, errors);

        errors.Should().BeEmpty("every thread forwards its own, valid input");
        passes.Should().BeGreaterThan(100);
    }

    [Theory]
    [MemberData(nameof(Nets))]
    public void ForwardAndBackwardFromFourThreadsFailOnlyWithClearErrors(string kind)
    {
        Sequential net = Build(kind);
        var errors = new ConcurrentQueue<Exception>();
        Run(4, worker =>
        {
            int n = new[] { 1, 16, 1, 5 }[worker];
            var random = new SeededRandom((ulong)worker + 20);
            Matrix<double> input = Matrix<double>.Build.Dense(8, n, (_, _) => random.NextUniform(-1, 1));
            Matrix<double> gradient = Matrix<double>.Build.Dense(4, n, (_, _) => random.NextUniform(-1, 1));
            return () =>
            {
                net.Forward(input);
                net.Backward(gradient, computeInputGradient: worker % 2 == 0);
            };
        }, errors, stopOnError: false);

        // Against the contract, Backward may find another thread's pass: it says so (or finds the shapes of another
        // thread's batch); nothing else may surface.
        errors.Should().OnlyContain(e => e is InvalidOperationException || e is ArgumentException, "{0}", errors.FirstOrDefault(e => e is not InvalidOperationException and not ArgumentException));
    }

    private static void Run(int threads, Func<int, Action> makeWork, ConcurrentQueue<Exception> errors, bool stopOnError = true)
    {
        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(worker =>
        {
            Action work = makeWork(worker);
            return new Thread(() =>
            {
                while (stop.Elapsed < Duration)
                {
                    try
                    {
                        work();
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        errors.Enqueue(e);
                        if (stopOnError || errors.Count > 1000)
                        {
                            return;
                        }
                    }
                }
            });
        }).ToArray();
        foreach (Thread t in workers)
        {
            t.Start();
        }

        foreach (Thread t in workers)
        {
            t.Join();
        }
    }
}
