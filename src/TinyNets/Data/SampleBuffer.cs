using System;
using System.Collections.Generic;

namespace TinyNets.Data;

/// <summary>
/// Collects samples of a fixed number of values, one after another, as the column-major storage of a
/// values × samples matrix. The values go into blocks that are never copied while reading (a block holds whole
/// samples, growing from a few KiB to 1 MiB), and into one array of the exact size at the end; that array is the
/// block itself when one block holds everything, as for a single very long line.
/// </summary>
internal sealed class SampleBuffer
{
    private const int FirstBlockValues = 512;
    private const int LargestBlockValues = 128 * 1024;

    private readonly int _width;
    private readonly List<double[]> _full = [];
    private double[] _block = [];
    private int _used;
    private int _blockSamples;

    /// <param name="width">The number of values per sample.</param>
    public SampleBuffer(int width) => _width = width;

    /// <summary>The number of samples appended.</summary>
    public int Count { get; private set; }

    /// <summary>Appends a sample and returns the place for its values.</summary>
    /// <returns>Room for <c>width</c> values.</returns>
    public Span<double> Append()
    {
        Count++;
        if (_width == 0)
        {
            return [];
        }

        if (_used == _blockSamples)
        {
            if (_block.Length > 0)
            {
                _full.Add(_block);
            }

            // Doubling block sizes keep small files small; past the largest block size, blocks stop growing.
            long values = _block.Length == 0 ? FirstBlockValues : Math.Min(2L * _block.Length, LargestBlockValues);
            _blockSamples = (int)Math.Max(1, values / _width);
            _block = new double[(long)_blockSamples * _width];
            _used = 0;
        }

        return _block.AsSpan(_used++ * _width, _width);
    }

    /// <summary>The values of every sample in order, in an array of exactly <c>width × Count</c> values.</summary>
    /// <returns>The storage.</returns>
    public double[] ToArray()
    {
        int total = _width * Count;
        if (_full.Count == 0 && _block.Length == total)
        {
            return _block;
        }

        var values = new double[total];
        int at = 0;
        foreach (double[] block in _full)
        {
            block.CopyTo(values, at);
            at += block.Length;
        }

        _block.AsSpan(0, _used * _width).CopyTo(values.AsSpan(at));
        return values;
    }
}
