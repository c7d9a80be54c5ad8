using System;
using System.Collections.Generic;
using TinyNets.Parameters;

namespace TinyNets.Training;

/// <summary>A preallocated copy of a set of parameters' values, to save and restore without allocating.</summary>
internal sealed class ParameterSnapshot
{
    private readonly IReadOnlyList<KeyValuePair<string, Parameter>> _parameters;
    private readonly double[][] _values;

    public ParameterSnapshot(IReadOnlyList<KeyValuePair<string, Parameter>> parameters)
    {
        _parameters = parameters;
        _values = new double[parameters.Count][];
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = new double[parameters[i].Value.Length];
        }
    }

    /// <summary>The saved values, one array per parameter in order (column-major, as <see cref="Parameter.Data"/>).</summary>
    public double[][] Values => _values;

    public void Save()
    {
        for (int i = 0; i < _values.Length; i++)
        {
            _parameters[i].Value.Data.CopyTo(_values[i]);
        }
    }

    public void Restore()
    {
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i].CopyTo(_parameters[i].Value.Data);
        }
    }

    /// <summary>Takes the values from <paramref name="values"/> (one array per parameter, of its length) instead of the parameters.</summary>
    public void Load(double[][] values)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            values[i].CopyTo(_values[i], 0);
        }
    }

    /// <summary>The name of the first parameter holding a non-finite value, or null.</summary>
    public string? FirstNonFiniteName()
    {
        // Indexed, not foreach: enumerating the interface would allocate on every training step.
        for (int i = 0; i < _parameters.Count; i++)
        {
            if (Internal.Guard.FirstNonFinite(_parameters[i].Value.Data) >= 0)
            {
                return _parameters[i].Key;
            }
        }

        return null;
    }
}
