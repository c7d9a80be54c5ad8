namespace TinyNets.Optimizers.Schedules;

/// <summary>How <see cref="ReduceLROnPlateau"/> applies its threshold (PyTorch's <c>threshold_mode</c>).</summary>
public enum ThresholdMode
{
    /// <summary><c>"rel"</c>: better means below best·(1 − threshold) (min) or above best·(1 + threshold) (max).</summary>
    Relative,

    /// <summary><c>"abs"</c>: better means below best − threshold (min) or above best + threshold (max).</summary>
    Absolute,
}
