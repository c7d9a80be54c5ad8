using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using MathNet.Numerics.LinearAlgebra;
using nietras.SeparatedValues;
using Sylvan.Data.Csv;
using TinyNets.Data;

namespace TinyNets.Benchmarks.Peers;

/// <summary>
/// A delimited file to load: every column but the last is a feature, the last is the target (a number, or a class label
/// mapped to 0, 1, 2, … in order of first appearance when <paramref name="LabelColumn"/> is given).
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Delimiter">The field delimiter (',' or '\t').</param>
/// <param name="LabelColumn">The index of the last column when it holds class labels, else null.</param>
public sealed record DelimitedWorkload(string Path, char Delimiter, int? LabelColumn = null)
{
    /// <summary>Whether the last column holds class labels.</summary>
    public bool Categorical => LabelColumn is not null;

    /// <summary>TinyNets' options for the same reading.</summary>
    public DelimitedFileOptions TinyNetsOptions => new()
    {
        Delimiter = Delimiter == '\t' ? FieldDelimiter.Tab : FieldDelimiter.Comma,
        CategoricalColumn = LabelColumn,
    };
}

/// <summary>A load's result: features × samples and targets × samples (one target row), as TinyNets' LabeledData holds them.</summary>
/// <param name="Features">Features × samples.</param>
/// <param name="Targets">1 × samples: the last column's numbers, or its class indices.</param>
public sealed record LoadedMatrices(Matrix<double> Features, Matrix<double> Targets);

/// <summary>
/// The three loaders measured by <see cref="TinyNets.Benchmarks.DelimitedLoadBenchmarks"/>: TinyNets' <see cref="DelimitedFile.Load"/>, and
/// Sep 0.18.0 and Sylvan.Data.Csv 1.4.4 written as a user would to fill the same matrices (each field parsed from its
/// span straight into a growing column-major buffer, one trimming copy at the end, blank lines skipped).
/// </summary>
public static class DelimitedLoaders
{
    /// <summary>TinyNets: <see cref="DelimitedFile.Load"/> with the workload's delimiter and categorical column.</summary>
    public static LoadedMatrices TinyNets(DelimitedWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        LabeledData data = DelimitedFile.Load(workload.Path, workload.TinyNetsOptions);
        return new LoadedMatrices(data.Features, data.Targets);
    }

    /// <summary>Sep: <c>Sep.New(delimiter).Reader(…).FromFile</c>, each field by <c>Parse&lt;double&gt;()</c> on its span.</summary>
    public static LoadedMatrices Sep(DelimitedWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        // Column counts are checked here (Sep's own check would also refuse the blank line that ends iris.data).
        using SepReader reader = nietras.SeparatedValues.Sep.New(workload.Delimiter)
            .Reader(o => o with { HasHeader = false, DisableColCountCheck = true })
            .FromFile(workload.Path);
        var sink = new MatrixSink();
        foreach (SepReader.Row row in reader)
        {
            int n = row.ColCount;
            if (n == 1 && row[0].Span.IsWhiteSpace())
            {
                continue;
            }

            Span<double> features = sink.NextSample(n);
            for (int i = 0; i < features.Length; i++)
            {
                features[i] = row[i].Parse<double>();
            }

            SepReader.Col last = row[n - 1];
            sink.SetTarget(workload.Categorical ? sink.ClassOf(last.Span) : last.Parse<double>());
        }

        return sink.ToMatrices();
    }

    /// <summary>Sylvan.Data.Csv: <c>CsvDataReader</c> over a <c>StreamReader</c>, each field by <c>GetDouble</c>.</summary>
    public static LoadedMatrices Sylvan(DelimitedWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        using var text = new StreamReader(workload.Path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using CsvDataReader reader = CsvDataReader.Create(text, new CsvDataReaderOptions
        {
            HasHeaders = false,
            Delimiter = workload.Delimiter,
            Culture = CultureInfo.InvariantCulture,
        });
        var sink = new MatrixSink();
        while (reader.Read())
        {
            int n = reader.RowFieldCount;
            if (n == 1 && reader.GetFieldSpan(0).IsWhiteSpace())
            {
                continue;
            }

            Span<double> features = sink.NextSample(n);
            for (int i = 0; i < features.Length; i++)
            {
                features[i] = reader.GetDouble(i);
            }

            sink.SetTarget(workload.Categorical ? sink.ClassOf(reader.GetFieldSpan(n - 1)) : reader.GetDouble(n - 1));
        }

        return sink.ToMatrices();
    }

    /// <summary>Growing column-major buffers of features and targets, and the class labels seen so far.</summary>
    private sealed class MatrixSink
    {
        private readonly Dictionary<string, int> _classes = new(StringComparer.Ordinal);
        private double[] _features = new double[1024];
        private double[] _targets = new double[128];
        private int _columns = -1;
        private int _samples;

        public Span<double> NextSample(int columns)
        {
            if (_columns < 0)
            {
                _columns = columns;
            }
            else if (columns != _columns)
            {
                throw new InvalidDataException($"Row {_samples + 1} has {columns} fields, the first row {_columns}.");
            }

            int featureCount = columns - 1;
            long needed = (long)(_samples + 1) * featureCount;
            if (needed > _features.Length)
            {
                Array.Resize(ref _features, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _features.Length)));
            }

            if (_samples == _targets.Length)
            {
                Array.Resize(ref _targets, 2 * _targets.Length);
            }

            return _features.AsSpan(_samples * featureCount, featureCount);
        }

        public void SetTarget(double value) => _targets[_samples++] = value;

        public double ClassOf(ReadOnlySpan<char> label)
        {
            Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup = _classes.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(label, out int index))
            {
                index = _classes.Count;
                lookup[label] = index;
            }

            return index;
        }

        public LoadedMatrices ToMatrices()
        {
            int featureCount = Math.Max(_columns - 1, 0);
            Array.Resize(ref _features, _samples * featureCount);
            Array.Resize(ref _targets, _samples);
            return new LoadedMatrices(
                Matrix<double>.Build.Dense(featureCount, _samples, _features),
                Matrix<double>.Build.Dense(1, _samples, _targets));
        }
    }
}
