using System.IO;
using System.Text;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

public class ConsoleProgressMutationTests
{
    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    private static EpochReport Report(int epoch, TimeSpan elapsed) => new(epoch, 0.5, null, NoMetrics, elapsed);

    [Fact]
    public void UpdatingLine_TheLastEpochIsDrawnWhenReported_NotOnlyByDispose()
    {
        var clock = new ManualClock();
        var text = new StringWriter();
        using var progress = new ConsoleProgress(2, text, updateInPlace: true, clock) { RedrawInterval = TimeSpan.FromHours(1) };
        progress.Report(Report(1, TimeSpan.FromSeconds(1)));
        progress.Report(Report(2, TimeSpan.FromSeconds(2)));

        const string First = "epoch 1/2  loss 0.5  0:01  ETA 0:01";
        text.ToString().Should().Be("\r" + First + "\r" + "epoch 2/2  loss 0.5  0:02".PadRight(First.Length));
    }

    [Fact]
    public void UpdatingLine_WithAZeroRedrawInterval_DrawsEveryEpochEvenOnAStoppedClock()
    {
        // The time since the last draw (0) is not below the interval (0): each report is drawn.
        var text = new StringWriter();
        using var progress = new ConsoleProgress(3, text, updateInPlace: true, new ManualClock()) { RedrawInterval = TimeSpan.Zero };
        progress.Report(Report(1, TimeSpan.Zero));
        progress.Report(Report(2, TimeSpan.Zero));

        text.ToString().Should().Be("\repoch 1/3  loss 0.5  0:00  ETA 0:00\repoch 2/3  loss 0.5  0:00  ETA 0:00");
    }

    [Fact]
    public void UpdatingLine_DisposedWithNothingReported_WritesNothing()
    {
        var text = new StringWriter();
        new ConsoleProgress(3, text, updateInPlace: true).Dispose();
        text.ToString().Should().BeEmpty("no line was started, so none is ended");
    }

    [Fact]
    public void UpdatingLine_IsFlushedAtEachDraw_AndPlainLinesAreFlushedByDispose()
    {
        // A StreamWriter keeps what it is given until flushed; the stream shows what was flushed.
        var updatingStream = new MemoryStream();
        var updatingWriter = new StreamWriter(updatingStream, new UTF8Encoding(false));
        var updating = new ConsoleProgress(3, updatingWriter, updateInPlace: true, new ManualClock());
        updating.Report(Report(1, TimeSpan.FromSeconds(1)));
        Encoding.UTF8.GetString(updatingStream.ToArray()).Should().Be("\repoch 1/3  loss 0.5  0:01  ETA 0:02");

        var plainStream = new MemoryStream();
        var plainWriter = new StreamWriter(plainStream, new UTF8Encoding(false));
        var plain = new ConsoleProgress(3, plainWriter, updateInPlace: false);
        plain.Report(Report(1, TimeSpan.FromSeconds(1)));
        plain.Dispose();
        Encoding.UTF8.GetString(plainStream.ToArray()).Should().Be("epoch 1/3  loss 0.5  0:01  ETA 0:02" + Environment.NewLine);
    }

    [Fact]
    public void Durations_OfAnHourOrMore_ShowHoursMinutesAndSeconds()
    {
        var progress = new ConsoleProgress(1, new StringWriter(), updateInPlace: false);
        progress.Line(Report(1, TimeSpan.FromHours(1)), 1).Should().Be("epoch 1/1  loss 0.5  1:00:00");
        progress.Line(Report(1, new TimeSpan(2, 3, 4)), 1).Should().Be("epoch 1/1  loss 0.5  2:03:04");
        progress.Line(Report(1, new TimeSpan(0, 59, 59)), 1).Should().Be("epoch 1/1  loss 0.5  59:59");
    }

    [Fact]
    public void TheConsoleConstructor_UpdatesInPlaceExactlyWhenTheOutputIsNotRedirected()
    {
        using var progress = new ConsoleProgress(5);
        progress.UpdateInPlace.Should().Be(!Console.IsOutputRedirected);
        progress.Epochs.Should().Be(5);
    }

    private sealed class ManualClock : TimeProvider
    {
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => 0;
    }
}
