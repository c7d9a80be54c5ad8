using System.IO;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

public class ConsoleProgressTests
{
    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    private static EpochReport Report(int epoch, double seconds, double loss = 0.5, double? validation = null, IReadOnlyDictionary<string, double>? metrics = null) =>
        new(epoch, loss, validation, metrics ?? NoMetrics, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void PlainLines_FirstEveryIntervalAndLast_WithTheEstimateOfTheTimeLeft()
    {
        var text = new StringWriter();
        var progress = new ConsoleProgress(40, text, updateInPlace: false);
        progress.LineInterval.Should().Be(2, "about twenty lines for 40 epochs: ⌈40 / 20⌉");
        for (int e = 1; e <= 40; e++)
        {
            // One second per epoch: after epoch e, 40 − e seconds are left.
            progress.Report(Report(e, e, validation: 0.25, metrics: new Dictionary<string, double> { ["accuracy"] = 0.75 }));
        }

        progress.Dispose();
        string[] lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        lines.Should().HaveCount(21, "epoch 1 and epochs 2, 4, …, 40");
        lines[0].Should().Be("epoch 1/40  loss 0.5  val 0.25  accuracy 0.75  0:01  ETA 0:39");
        lines[1].Should().StartWith("epoch 2/40 ").And.EndWith("0:02  ETA 0:38");
        lines[^1].Should().Be("epoch 40/40  loss 0.5  val 0.25  accuracy 0.75  0:40", "nothing is left after the last epoch");
        text.ToString().Should().NotContain("\r");
    }

    [Fact]
    public void PlainLines_EarlyStop_DisposeShowsTheLastEpoch()
    {
        var text = new StringWriter();
        using (var progress = new ConsoleProgress(100, text, updateInPlace: false))
        {
            for (int e = 1; e <= 7; e++)
            {
                progress.Report(Report(e, 0.5 * e));
            }
        }

        string[] lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Select(l => l.Split(' ')[1]).Should().Equal("1/100", "5/100", "7/100");
        lines[^1].Should().EndWith("0:03  ETA 0:46", "3.5 s for 7 epochs, 93 more at 0.5 s each take 46.5 s");
    }

    [Fact]
    public void ResumedRun_NumbersOnAndCountsTheTotalFromItsFirstEpoch()
    {
        var text = new StringWriter();
        using (var progress = new ConsoleProgress(50, text, updateInPlace: false))
        {
            progress.Report(Report(101, 2));
        }

        text.ToString().Should().StartWith("epoch 101/150 ").And.Contain("ETA 1:38", "2 s per epoch, 49 epochs left");
    }

    [Fact]
    public void MoreReportsThanEpochs_ShowNoTotalAndNoEstimate()
    {
        var text = new StringWriter();
        using (var progress = new ConsoleProgress(1, text, updateInPlace: false))
        {
            progress.Report(Report(1, 1));
            progress.Report(Report(2, 2));
        }

        string[] lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Equal("epoch 1/1  loss 0.5  0:01", "epoch 2  loss 0.5  0:02");
    }

    [Fact]
    public void UpdatingLine_RedrawsAtMostOncePerInterval_RubsOutLongerLines_AndEndsTheLineOnDispose()
    {
        var clock = new ManualClock();
        var text = new StringWriter();
        var progress = new ConsoleProgress(10, text, updateInPlace: true, clock) { RedrawInterval = TimeSpan.FromSeconds(1) };

        progress.Report(Report(1, 0.1, loss: 123.456));          // first: drawn
        clock.Advance(TimeSpan.FromMilliseconds(500));
        progress.Report(Report(2, 0.2, loss: 1));                // 0.5 s later: skipped
        clock.Advance(TimeSpan.FromMilliseconds(600));
        progress.Report(Report(3, 0.3, loss: 1));                // 1.1 s after the last draw: drawn
        clock.Advance(TimeSpan.FromMilliseconds(100));
        progress.Report(Report(4, 0.4, loss: 2));                // skipped, shown by Dispose
        string beforeDispose = text.ToString();
        progress.Dispose();
        string all = text.ToString();

        string[] draws = beforeDispose.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        draws.Should().HaveCount(2);
        draws[0].Should().StartWith("epoch 1/10  loss 123.456  0:00");
        draws[1].Should().StartWith("epoch 3/10  loss 1  0:00  ETA 0:00");
        draws[1].Length.Should().Be(draws[0].Length, "a shorter line is padded to rub out the longer one before it");
        all.Should().Be(beforeDispose + "\r" + Line(4) + Environment.NewLine);

        static string Line(int e) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"epoch {e}/10  loss 2  0:00  ETA 0:00").PadRight("epoch 3/10  loss 1  0:00  ETA 0:00".Length);
    }

    [Fact]
    public void UpdatingLine_LastEpochIsAlwaysDrawn_AndDisposeDrawsNothingMore()
    {
        var clock = new ManualClock();
        var text = new StringWriter();
        var progress = new ConsoleProgress(2, text, updateInPlace: true, clock) { RedrawInterval = TimeSpan.FromHours(1) };
        progress.Report(Report(1, 1));
        progress.Report(Report(2, 2));
        progress.Dispose();
        progress.Dispose();

        const string First = "epoch 1/2  loss 0.5  0:01  ETA 0:01", Second = "epoch 2/2  loss 0.5  0:02";
        text.ToString().Should().Be("\r" + First + "\r" + Second.PadRight(First.Length) + Environment.NewLine);
    }

    [Fact]
    public void Fit_WritesEveryLineBeforeItReturns()
    {
        // Synchronous: unlike Progress<T>, nothing arrives after Fit has returned.
        var net = new Sequential(new Linear(2, 1)).Initialize(seed: 1);
        var x = Matrix<double>.Build.Dense(2, 8, (i, j) => i + j);
        var y = Matrix<double>.Build.Dense(1, 8, (_, j) => j);
        var text = new StringWriter();
        var progress = new ConsoleProgress(30, text, updateInPlace: false) { LineInterval = 1 };

        net.Fit(x, y, new MseLoss(), new Sgd(net, 1e-3), new FitOptions { Epochs = 30, BatchSize = 4 }, progress);
        string written = text.ToString();

        written.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[1])
            .Should().Equal(Enumerable.Range(1, 30).Select(e => $"{e}/30"));
    }

    [Fact]
    public void BadArguments_AreRefusedByName()
    {
        var text = new StringWriter();
        FluentActions.Invoking(() => new ConsoleProgress(0, text, false)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("epochs");
        FluentActions.Invoking(() => new ConsoleProgress(1, null!, false)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("writer");
        FluentActions.Invoking(() => new ConsoleProgress(1, text, false) { LineInterval = 0 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("LineInterval");
        FluentActions.Invoking(() => new ConsoleProgress(1, text, true) { RedrawInterval = TimeSpan.FromTicks(-1) }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("RedrawInterval");

        var progress = new ConsoleProgress(1, text, false);
        FluentActions.Invoking(() => progress.Report(null!)).Should().Throw<ArgumentNullException>();
        progress.Dispose();
        FluentActions.Invoking(() => progress.Report(Report(1, 1))).Should().Throw<ObjectDisposedException>();
        text.ToString().Should().BeEmpty("nothing was reported before the errors");
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
