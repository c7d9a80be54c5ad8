using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace TinyNets.Training;

/// <summary>
/// Shows training's progress on the console (or any <see cref="TextWriter"/>): epoch and total, training loss, validation
/// loss, the metrics, the time elapsed and an estimate of the time left. On a terminal it keeps one line up to date; when
/// the output is redirected (a file, a pipe, CI) it writes plain lines instead, one every <see cref="LineInterval"/>
/// epochs plus the first and the last.
/// </summary>
/// <remarks>
/// <para>Pass it as <c>Fit</c>'s progress argument and dispose of it when <c>Fit</c> returns (a <c>using</c>
/// declaration), which shows the last epoch if a redraw skipped it and ends the line.</para>
/// <para>It writes synchronously, on the thread that reports. <see cref="Progress{T}"/> does not: in a console
/// application it posts each report to the thread pool, so reports arrive late, out of order, or after <c>Fit</c> has
/// returned.</para>
/// </remarks>
/// <example>
/// <code>
/// using (var progress = new ConsoleProgress(epochs: 500))
/// {
///     net.Fit(x, y, new MseLoss(), new Adam(net), new FitOptions { Epochs = 500 }, progress);
/// }
/// </code>
/// </example>
public sealed class ConsoleProgress : IProgress<EpochReport>, IDisposable
{
    private readonly object _gate = new();
    private readonly TextWriter _writer;
    private readonly TimeProvider _time;
    private int _done;
    private EpochReport? _last;
    private bool _lastShown = true;
    private long _lastDraw;
    private int _drawnLength;
    private bool _disposed;

    /// <summary>Reports to <see cref="Console.Out"/>, one updating line on a terminal and plain lines when the output is redirected.</summary>
    /// <param name="epochs">The epochs the <c>Fit</c> call runs (its <see cref="FitOptions.Epochs"/>): the total shown and the base of the estimate.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is below 1.</exception>
    public ConsoleProgress(int epochs)
        : this(epochs, Console.Out, updateInPlace: !Console.IsOutputRedirected)
    {
    }

    /// <summary>Reports to <paramref name="writer"/>.</summary>
    /// <param name="epochs">The epochs the <c>Fit</c> call runs (its <see cref="FitOptions.Epochs"/>): the total shown and the base of the estimate.</param>
    /// <param name="writer">Where the lines go.</param>
    /// <param name="updateInPlace">True to keep one line up to date with carriage returns (a terminal); false for plain lines.</param>
    /// <param name="timeProvider">The clock that spaces the redraws of the updating line; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is below 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public ConsoleProgress(int epochs, TextWriter writer, bool updateInPlace, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentNullException.ThrowIfNull(writer);
        Epochs = epochs;
        _writer = writer;
        UpdateInPlace = updateInPlace;
        _time = timeProvider ?? TimeProvider.System;

        // About twenty plain lines for the whole run.
        LineInterval = Math.Max(1, (epochs + 19) / 20);
    }

    /// <summary>The epochs the <c>Fit</c> call runs.</summary>
    public int Epochs { get; }

    /// <summary>Whether one line is kept up to date (true) or plain lines are written (false).</summary>
    public bool UpdateInPlace { get; }

    /// <summary>
    /// With plain lines: a line every this many epochs, besides the first and the last (default: about twenty lines in
    /// all, <c>⌈Epochs / 20⌉</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">On setting a value below 1.</exception>
    public int LineInterval
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(LineInterval));
            field = value;
        }
    }

    /// <summary>
    /// With the updating line: the shortest time between two redraws (default 100 ms), so that fast epochs do not spend
    /// their time writing to the terminal. The last epoch is always shown.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">On setting a negative value.</exception>
    public TimeSpan RedrawInterval
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(RedrawInterval));
            field = value;
        }
    } = TimeSpan.FromMilliseconds(100);

    /// <summary>Shows one epoch's report (or skips it, between redraws or plain lines), on the calling thread.</summary>
    /// <param name="value">The epoch's report.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public void Report(EpochReport value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _done++;
            _last = value;
            _lastShown = false;
            bool show = UpdateInPlace
                ? _done == 1 || _done >= Epochs || _time.GetElapsedTime(_lastDraw) >= RedrawInterval
                : _done == 1 || _done % LineInterval == 0 || _done == Epochs;
            if (show)
            {
                Show(value);
            }
        }
    }

    /// <summary>Shows the last report if it was skipped, and ends the updating line. Reporting afterwards throws.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (!_lastShown && _last is not null)
            {
                Show(_last);
            }

            if (UpdateInPlace && _drawnLength > 0)
            {
                _writer.WriteLine();
            }

            _writer.Flush();
        }
    }

    /// <summary>The line shown for a report, given the epochs reported so far in this run (<paramref name="done"/>).</summary>
    internal string Line(EpochReport report, int done)
    {
        var line = new StringBuilder();
        int total = report.Epoch - done + Epochs; // epochs are numbered on across a resumed run
        line.Append(CultureInfo.InvariantCulture, $"epoch {report.Epoch}");
        if (done <= Epochs)
        {
            line.Append(CultureInfo.InvariantCulture, $"/{total}");
        }

        line.Append(CultureInfo.InvariantCulture, $"  loss {report.TrainLoss:G6}");
        if (report.ValidationLoss is double validation)
        {
            line.Append(CultureInfo.InvariantCulture, $"  val {validation:G6}");
        }

        foreach (KeyValuePair<string, double> metric in report.Metrics)
        {
            line.Append(CultureInfo.InvariantCulture, $"  {metric.Key} {metric.Value:G6}");
        }

        line.Append("  ").Append(Duration(report.Elapsed));
        if (done < Epochs)
        {
            // The mean epoch so far times the epochs left; early stopping may end sooner.
            var left = TimeSpan.FromTicks(report.Elapsed.Ticks / done * (Epochs - done));
            line.Append("  ETA ").Append(Duration(left));
        }

        return line.ToString();
    }

    private void Show(EpochReport report)
    {
        string line = Line(report, _done);
        if (UpdateInPlace)
        {
            // Spaces rub out the rest of a longer line drawn before.
            _writer.Write('\r');
            _writer.Write(line.PadRight(_drawnLength));
            _drawnLength = line.Length;
            _writer.Flush();
        }
        else
        {
            _writer.WriteLine(line);
        }

        _lastDraw = _time.GetTimestamp();
        _lastShown = true;
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
}
