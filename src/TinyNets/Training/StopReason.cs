namespace TinyNets.Training;

/// <summary>Why <c>Trainer.Fit</c> returned.</summary>
public enum StopReason
{
    /// <summary>Every epoch ran.</summary>
    Completed = 0,

    /// <summary>The monitored loss stopped improving (see <see cref="EarlyStopping"/>).</summary>
    EarlyStopped = 1,

    /// <summary>The loss or a parameter became NaN or infinite; the parameters are those before the step that led there.</summary>
    Diverged = 2,
}
