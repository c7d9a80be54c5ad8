using System.Globalization;
using System.Text.RegularExpressions;

namespace TinyNets.Tests.Validation;

/// <summary>Fixtures and assertions shared by the bad-input tests.</summary>
internal static class ValidationSupport
{
    /// <summary>The 2-3-1 net of sheet 004 (Linear(2,3), ReLU, Linear(3,1)) with hand-set weights.
    /// Parameters: "0.weight" 3×2, "0.bias" (3), "2.weight" 1×3, "2.bias" (1).</summary>
    public static Sequential Net()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
        net.SetParameter("0.weight", new[,] { { 0.2, 0.4 }, { 0.8, 0.1 }, { 2.0, 0.5 } });
        net.SetParameter("0.bias", new[] { 1.0, 1.0, -4.0 });
        net.SetParameter("2.weight", new[,] { { 0.5, -1.0, 0.25 } });
        net.SetParameter("2.bias", new[] { 3.0 });
        return net;
    }

    public static readonly string[] NetParameterNames = ["0.weight", "0.bias", "2.weight", "2.bias"];

    /// <summary>A valid 2×2 batch (two samples, one per column); both samples activate some hidden units.</summary>
    public static Matrix<double> GoodInput() => Matrix<double>.Build.DenseOfColumnArrays(new[] { 1.0, 2.0 }, new[] { 3.0, -0.5 });

    /// <summary>A valid ∂L/∂output for <see cref="GoodInput"/> (output is 1×2).</summary>
    public static Matrix<double> GoodOutputGradient() => Matrix<double>.Build.DenseOfArray(new[,] { { 0.75, -1.25 } });

    /// <summary>A net after a full good Forward and Backward, so that every piece of state (outputs, input gradients,
    /// parameter gradients) holds non-trivial values that a bad call could disturb.</summary>
    public static Sequential NetAfterGoodPass()
    {
        Sequential net = Net();
        net.Forward(GoodInput());
        net.Backward(GoodOutputGradient());
        return net;
    }

    /// <summary>A matrix of the given shape with distinct finite entries, with <paramref name="bad"/> written at (row, col).</summary>
    public static Matrix<double> WithEntry(int rows, int columns, int row, int column, double bad)
    {
        Matrix<double> m = Matrix<double>.Build.Dense(rows, columns, (i, j) => 0.5 + i - (0.25 * j));
        m[row, column] = bad;
        return m;
    }

    /// <summary>How a double is expected to appear in a message (invariant culture: "NaN", "Infinity", "-Infinity", "-0.25").</summary>
    public static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Shape(int rows, int columns) => Text(rows) + "×" + Text(columns);

    /// <summary>
    /// Asserts that <paramref name="act"/> throws an exception of the ArgumentException family (not ArgumentNullException: every
    /// argument here is non-null) with <paramref name="paramName"/> as ParamName and every fragment in its message.
    /// </summary>
    public static ArgumentException ThrowsArgument(Action act, string paramName, params string[] fragments)
    {
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(act);
        ex.Should().NotBeOfType<ArgumentNullException>();
        ex.ParamName.Should().Be(paramName, "the exception must name the offending parameter (message: {0})", ex.Message);
        foreach (string fragment in fragments)
        {
            ex.Message.Should().Contain(fragment, "the message must state the expected and the given value or shape");
        }

        return ex;
    }

    /// <summary>As <see cref="ThrowsArgument"/>, but exactly an ArgumentOutOfRangeException carrying the given value.</summary>
    public static ArgumentOutOfRangeException ThrowsOutOfRange(Action act, string paramName, object actualValue, params string[] fragments)
    {
        ArgumentOutOfRangeException ex = Assert.Throws<ArgumentOutOfRangeException>(act);
        ex.ParamName.Should().Be(paramName, "the exception must name the offending parameter (message: {0})", ex.Message);
        ex.ActualValue.Should().Be(actualValue);
        foreach (string fragment in fragments)
        {
            ex.Message.Should().Contain(fragment, "the message must state the expected and the given value");
        }

        return ex;
    }

    /// <summary>The integers written in a message, in order (so a test can ask "is the expected count mentioned").</summary>
    public static List<int> Numbers(string message) =>
        Regex.Matches(message, @"-?\d+").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();

    /// <summary>Asserts that the message mentions <paramref name="given"/> and, besides that one occurrence, one of <paramref name="expectedAny"/>.</summary>
    public static void MentionsGivenAndExpected(string message, int given, params int[] expectedAny)
    {
        List<int> numbers = Numbers(message);
        numbers.Should().Contain(given, "the message must state the given value: {0}", message);
        numbers.Remove(given);
        numbers.Should().Contain(n => expectedAny.Contains(n), "the message must state what was expected ({0}): {1}", string.Join(" or ", expectedAny), message);
    }

    public static long[] Bits(Matrix<double> m) => m.ToColumnMajorArray().Select(BitConverter.DoubleToInt64Bits).ToArray();
}

/// <summary>A bit-exact record of a layer's observable state: its parameters and gradients, and its last pass.</summary>
internal sealed class LayerSnapshot
{
    private readonly Layer _layer;
    private readonly string _label;
    private readonly Matrix<double>? _input;
    private readonly long[]? _inputBits;
    private readonly Matrix<double>? _output;
    private readonly long[]? _outputBits;
    private readonly Matrix<double>? _inputGradient;
    private readonly long[]? _inputGradientBits;
    private readonly List<(long[] Value, long[] Gradient)> _parameters;

    private LayerSnapshot(Layer layer, string label)
    {
        _layer = layer;
        _label = label;
        _input = layer.Input;
        _inputBits = _input is null ? null : ValidationSupport.Bits(_input);
        _output = layer.Output;
        _outputBits = _output is null ? null : ValidationSupport.Bits(_output);
        _inputGradient = layer.InputGradient;
        _inputGradientBits = _inputGradient is null ? null : ValidationSupport.Bits(_inputGradient);
        _parameters = layer.Parameters.Select(p => (ValidationSupport.Bits(p.Value), ValidationSupport.Bits(p.Gradient))).ToList();
    }

    public static LayerSnapshot Take(Layer layer, string label = "layer") => new(layer, label);

    public void AssertUnchanged()
    {
        _layer.Input.Should().BeSameAs(_input, "{0}: Input must still be the last good pass's input", _label);
        if (_input is not null)
        {
            ValidationSupport.Bits(_input).Should().Equal(_inputBits, "{0}: Input values must be untouched", _label);
        }

        _layer.Output.Should().BeSameAs(_output, "{0}: Output must still be the last good pass's output", _label);
        if (_output is not null)
        {
            ValidationSupport.Bits(_output).Should().Equal(_outputBits, "{0}: Output values must be bit-identical", _label);
        }

        _layer.InputGradient.Should().BeSameAs(_inputGradient, "{0}: InputGradient must be the last good backward's", _label);
        if (_inputGradient is not null)
        {
            ValidationSupport.Bits(_inputGradient).Should().Equal(_inputGradientBits, "{0}: InputGradient values must be bit-identical", _label);
        }

        _layer.Parameters.Should().HaveCount(_parameters.Count);
        for (int i = 0; i < _parameters.Count; i++)
        {
            ValidationSupport.Bits(_layer.Parameters[i].Value).Should().Equal(_parameters[i].Value,
                "{0}: parameter {1} must be bit-identical", _label, _layer.Parameters[i].Name);
            ValidationSupport.Bits(_layer.Parameters[i].Gradient).Should().Equal(_parameters[i].Gradient,
                "{0}: gradient of {1} must be bit-identical", _label, _layer.Parameters[i].Name);
        }
    }
}

/// <summary>A bit-exact record of a network: every named parameter with its gradient, and every layer's last pass.</summary>
internal sealed class NetworkSnapshot
{
    private readonly Sequential _net;
    private readonly Matrix<double>? _output;
    private readonly List<(string Name, long[] Value, long[] Gradient)> _parameters;
    private readonly List<LayerSnapshot> _layers;

    private NetworkSnapshot(Sequential net)
    {
        _net = net;
        _output = net.Output;
        _parameters = net.NamedParameters
            .Select(kv => (kv.Key, ValidationSupport.Bits(kv.Value.Value), ValidationSupport.Bits(kv.Value.Gradient)))
            .ToList();
        _layers = net.Select((layer, i) => LayerSnapshot.Take(layer, "layer " + ValidationSupport.Text(i))).ToList();
    }

    public static NetworkSnapshot Take(Sequential net) => new(net);

    public void AssertUnchanged()
    {
        _net.Output.Should().BeSameAs(_output, "the network's Output must still be the last good pass's");
        _net.NamedParameters.Select(kv => kv.Key).Should().Equal(_parameters.Select(p => p.Name));
        foreach ((string name, long[] value, long[] gradient) in _parameters)
        {
            ValidationSupport.Bits(_net.GetParameter(name).Value).Should().Equal(value, "parameter {0} must be bit-identical", name);
            ValidationSupport.Bits(_net.GetGradient(name)).Should().Equal(gradient, "the gradient of {0} must be bit-identical", name);
        }

        foreach (LayerSnapshot layer in _layers)
        {
            layer.AssertUnchanged();
        }
    }
}

/// <summary>A bit-exact record of a loss's stored gradient (or of its having none).</summary>
internal sealed class LossSnapshot
{
    private readonly Loss _loss;
    private readonly Matrix<double>? _gradient;
    private readonly long[]? _bits;

    private LossSnapshot(Loss loss)
    {
        _loss = loss;
        try
        {
            _gradient = loss.Backward();
            _bits = ValidationSupport.Bits(_gradient);
        }
        catch (InvalidOperationException)
        {
            _gradient = null;
        }
    }

    public static LossSnapshot Take(Loss loss) => new(loss);

    public void AssertUnchanged()
    {
        if (_gradient is null)
        {
            Assert.Throws<InvalidOperationException>(() => _loss.Backward());
            return;
        }

        Matrix<double> now = _loss.Backward();
        now.Should().BeSameAs(_gradient, "Backward must still return the last good Forward's gradient");
        ValidationSupport.Bits(now).Should().Equal(_bits, "the loss's gradient must be bit-identical");
    }
}
