using System;

namespace TinyNets.Samples;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its action at once on the reporting thread (unlike
/// <see cref="Progress{T}"/>, which posts to the thread pool, so console lines could arrive late or out of order).
/// </summary>
/// <typeparam name="T">The report type.</typeparam>
/// <param name="action">Called with each report.</param>
public sealed class InlineProgress<T>(Action<T> action) : IProgress<T>
{
    /// <inheritdoc/>
    public void Report(T value) => action(value);
}
