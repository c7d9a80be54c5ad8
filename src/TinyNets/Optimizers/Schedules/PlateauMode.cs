namespace TinyNets.Optimizers.Schedules;

/// <summary>Whether <see cref="ReduceLROnPlateau"/> watches a metric that should fall or rise (PyTorch's <c>mode</c>).</summary>
public enum PlateauMode
{
    /// <summary><c>"min"</c>: lower is better (a loss).</summary>
    Min,

    /// <summary><c>"max"</c>: higher is better (an accuracy).</summary>
    Max,
}
