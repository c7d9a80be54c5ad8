using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using TinyNets.Internal;

namespace TinyNets.Autodiff;

/// <summary>
/// A scalar node of a computational graph, for reverse-mode automatic differentiation (in the spirit of micrograd).
/// Each operation computes its value and, right there, the local derivative ∂out/∂operand of each edge;
/// <see cref="Backward"/> then multiplies these along every path from the output back to the leaves.
/// </summary>
/// <remarks>
/// Graphs are immutable once built. Every value and local derivative is finite: a NaN or infinite operand, an overflow,
/// the log of a non-positive number or a division by zero throws at the operation that would produce it. Every gradient
/// is finite too: <see cref="Backward"/> throws an <see cref="OverflowException"/> naming the node when a product of
/// local derivatives along a path, or a sum of such products, leaves double's range, so neither an infinity nor a NaN
/// (∞ − ∞ where two overflowing paths meet) ever surfaces as a gradient.
/// </remarks>
public sealed class Value
{
    private static readonly Value[] NoParents = [];
    private static readonly double[] NoDerivatives = [];
    private readonly Value[] _parents;
    private readonly double[] _localDerivatives;
    private ReadOnlyCollection<Value>? _parentsView;
    private ReadOnlyCollection<double>? _localDerivativesView;

    /// <summary>Creates a leaf (an input or a parameter).</summary>
    /// <param name="data">Its value; finite.</param>
    /// <param name="label">An optional name, shown by <see cref="ToString"/> and <see cref="ToDot"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is NaN or infinite.</exception>
    public Value(double data, string? label = null)
        : this(data, NoParents, NoDerivatives, string.Empty, label)
    {
        if (!double.IsFinite(data))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A value must be finite; {data} was given."), nameof(data));
        }
    }

    private Value(double data, Value[] parents, double[] localDerivatives, string operation, string? label)
    {
        Data = data;
        _parents = parents;
        _localDerivatives = localDerivatives;
        Operation = operation;
        Label = label;
    }

    /// <summary>The node's value.</summary>
    public double Data { get; }

    /// <summary>∂output/∂this node, from the last <see cref="Backward"/> of an output that depends on it (0 before).</summary>
    public double Grad { get; private set; }

    /// <summary>An optional name, for printing.</summary>
    public string? Label { get; set; }

    /// <summary>The operation that produced the node (<c>"+"</c>, <c>"sin"</c>, …); empty for a leaf.</summary>
    public string Operation { get; }

    // Read-only views, not the arrays: a caller casting to Value[] or IList<Value> must not be able to edit the graph
    // (a cycle or a NaN edge would break Backward's promises). Made on first use; a racing second view is the same.

    /// <summary>The node's operands, in order.</summary>
    public IReadOnlyList<Value> Parents => _parentsView ??= Array.AsReadOnly(_parents);

    /// <summary>The local derivatives ∂this/∂parent, one per entry of <see cref="Parents"/>.</summary>
    public IReadOnlyList<double> LocalDerivatives => _localDerivativesView ??= Array.AsReadOnly(_localDerivatives);

    /// <summary>
    /// A node defined only by its edges: the value is given and each edge carries its local derivative ∂this/∂parent,
    /// as in graphs drawn with derivative-labelled edges.
    /// </summary>
    /// <param name="data">The node's value (use 0 when the graph gives none); finite.</param>
    /// <param name="edges">The parents with the local derivative of each edge; finite derivatives.</param>
    /// <returns>The new node.</returns>
    /// <exception cref="ArgumentException">No edges, a null parent, or a NaN/infinite derivative.</exception>
    public static Value FromEdges(double data, params (Value Parent, double LocalDerivative)[] edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Length == 0)
        {
            throw new ArgumentException("A node needs at least one edge; use new Value(…) for a leaf.", nameof(edges));
        }

        if (!double.IsFinite(data))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A value must be finite; {data} was given."), nameof(data));
        }

        var parents = new Value[edges.Length];
        var derivatives = new double[edges.Length];
        for (int i = 0; i < edges.Length; i++)
        {
            parents[i] = edges[i].Parent ?? throw new ArgumentException($"Edge {i} has no parent.", nameof(edges));
            derivatives[i] = double.IsFinite(edges[i].LocalDerivative)
                ? edges[i].LocalDerivative
                : throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Edge {i} has local derivative {edges[i].LocalDerivative}; a finite number was expected."),
                    nameof(edges));
        }

        return new Value(data, parents, derivatives, "edges", null);
    }

    /// <summary>a + b.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>The sum node.</returns>
    public static Value operator +(Value a, Value b) => Binary(a, b, "+", Need(a, nameof(a)).Data + Need(b, nameof(b)).Data, 1.0, 1.0);

    /// <summary>a + c for a constant c.</summary>
    /// <param name="a">Node.</param>
    /// <param name="c">Constant.</param>
    /// <returns>The sum node.</returns>
    public static Value operator +(Value a, double c) => Unary(a, "+", Need(a, nameof(a)).Data + Constant(c, nameof(c)), 1.0);

    /// <summary>c + a for a constant c.</summary>
    /// <param name="c">Constant.</param>
    /// <param name="a">Node.</param>
    /// <returns>The sum node.</returns>
    public static Value operator +(double c, Value a) => a + c;

    /// <summary>a − b.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>The difference node.</returns>
    public static Value operator -(Value a, Value b) => Binary(a, b, "−", Need(a, nameof(a)).Data - Need(b, nameof(b)).Data, 1.0, -1.0);

    /// <summary>a − c for a constant c.</summary>
    /// <param name="a">Node.</param>
    /// <param name="c">Constant.</param>
    /// <returns>The difference node.</returns>
    public static Value operator -(Value a, double c) => Unary(a, "−", Need(a, nameof(a)).Data - Constant(c, nameof(c)), 1.0);

    /// <summary>c − a for a constant c.</summary>
    /// <param name="c">Constant.</param>
    /// <param name="a">Node.</param>
    /// <returns>The difference node.</returns>
    public static Value operator -(double c, Value a) => Unary(a, "−", Constant(c, nameof(c)) - Need(a, nameof(a)).Data, -1.0);

    /// <summary>−a.</summary>
    /// <param name="a">Node.</param>
    /// <returns>The negated node.</returns>
    public static Value operator -(Value a) => Unary(a, "neg", -Need(a, nameof(a)).Data, -1.0);

    /// <summary>a · b.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>The product node.</returns>
    // ∂(ab)/∂a = b, ∂(ab)/∂b = a
    public static Value operator *(Value a, Value b) =>
        Binary(a, b, "×", Need(a, nameof(a)).Data * Need(b, nameof(b)).Data, b.Data, a.Data);

    /// <summary>a · c for a constant c.</summary>
    /// <param name="a">Node.</param>
    /// <param name="c">Constant.</param>
    /// <returns>The product node.</returns>
    public static Value operator *(Value a, double c) => Unary(a, "×", Need(a, nameof(a)).Data * Constant(c, nameof(c)), c);

    /// <summary>c · a for a constant c.</summary>
    /// <param name="c">Constant.</param>
    /// <param name="a">Node.</param>
    /// <returns>The product node.</returns>
    public static Value operator *(double c, Value a) => a * c;

    /// <summary>a / b.</summary>
    /// <param name="a">Dividend.</param>
    /// <param name="b">Divisor; not zero.</param>
    /// <returns>The quotient node.</returns>
    /// <exception cref="ArgumentException"><paramref name="b"/> is zero.</exception>
    // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b² = −(a/b)/b (the latter form does not underflow for tiny b)
    public static Value operator /(Value a, Value b)
    {
        double divisor = NonZero(Need(b, nameof(b)).Data, nameof(b));
        double quotient = Need(a, nameof(a)).Data / divisor;
        return Binary(a, b, "÷", quotient, 1.0 / divisor, -quotient / divisor);
    }

    /// <summary>a / c for a constant c.</summary>
    /// <param name="a">Dividend.</param>
    /// <param name="c">Constant divisor; not zero.</param>
    /// <returns>The quotient node.</returns>
    /// <exception cref="ArgumentException"><paramref name="c"/> is zero.</exception>
    public static Value operator /(Value a, double c)
    {
        double divisor = NonZero(Constant(c, nameof(c)), nameof(c));
        return Unary(a, "÷", Need(a, nameof(a)).Data / divisor, 1.0 / divisor);
    }

    /// <summary>c / a for a constant c.</summary>
    /// <param name="c">Constant dividend.</param>
    /// <param name="a">Divisor node; not zero.</param>
    /// <returns>The quotient node.</returns>
    /// <exception cref="ArgumentException"><paramref name="a"/> is zero.</exception>
    // ∂(c/a)/∂a = −c/a² = −(c/a)/a
    public static Value operator /(double c, Value a)
    {
        double divisor = NonZero(Need(a, nameof(a)).Data, nameof(a));
        double quotient = Constant(c, nameof(c)) / divisor;
        return Unary(a, "÷", quotient, -quotient / divisor);
    }

    /// <summary>Operator-free alternative to <c>+</c>.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>a + b.</returns>
    public static Value Add(Value a, Value b) => a + b;

    /// <summary>Operator-free alternative to binary <c>−</c>.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>a − b.</returns>
    public static Value Subtract(Value a, Value b) => a - b;

    /// <summary>Operator-free alternative to <c>×</c>.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>a · b.</returns>
    public static Value Multiply(Value a, Value b) => a * b;

    /// <summary>Operator-free alternative to <c>/</c>.</summary>
    /// <param name="a">Dividend.</param>
    /// <param name="b">Divisor.</param>
    /// <returns>a / b.</returns>
    public static Value Divide(Value a, Value b) => a / b;

    /// <summary>Operator-free alternative to unary <c>−</c>.</summary>
    /// <param name="a">Node.</param>
    /// <returns>−a.</returns>
    public static Value Negate(Value a) => -a;

    /// <summary>xᵖ for a constant exponent p.</summary>
    /// <param name="exponent">p; finite.</param>
    /// <returns>The power node.</returns>
    /// <exception cref="ArgumentException">A non-finite exponent, or a power or derivative that is NaN or infinite here (a negative base with a fractional exponent, 0 to a negative power, or 0 to a power below 1).</exception>
    // ∂xᵖ/∂x = p·xᵖ⁻¹
    public Value Pow(double exponent)
    {
        double p = Constant(exponent, nameof(exponent));
        double value = Math.Pow(Data, p);
        double derivative = p == 0 ? 0.0 : p * Math.Pow(Data, p - 1);
        if (!double.IsFinite(value) || !double.IsFinite(derivative))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Data}^{p} has value {value} and derivative {derivative}; both must be finite."),
                nameof(exponent));
        }

        return Unary(this, string.Create(CultureInfo.InvariantCulture, $"^{p}"), value, derivative);
    }

    /// <summary>eˣ.</summary>
    /// <returns>The node; ∂/∂x = eˣ.</returns>
    public Value Exp()
    {
        double e = Math.Exp(Data);
        return Unary(this, "exp", e, e);
    }

    /// <summary>ln x.</summary>
    /// <returns>The node; ∂/∂x = 1/x.</returns>
    /// <exception cref="ArgumentException">x ≤ 0.</exception>
    public Value Log()
    {
        if (!(Data > 0))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The logarithm needs a positive argument; {Data} was given{Named()}."));
        }

        return Unary(this, "ln", Math.Log(Data), 1.0 / Data);
    }

    /// <summary>sin x.</summary>
    /// <returns>The node; ∂/∂x = cos x.</returns>
    public Value Sin() => Unary(this, "sin", Math.Sin(Data), Math.Cos(Data));

    /// <summary>cos x.</summary>
    /// <returns>The node; ∂/∂x = −sin x.</returns>
    public Value Cos() => Unary(this, "cos", Math.Cos(Data), -Math.Sin(Data));

    /// <summary>tanh x.</summary>
    /// <returns>The node; ∂/∂x = 1 − tanh² x.</returns>
    public Value Tanh()
    {
        double t = Math.Tanh(Data);
        return Unary(this, "tanh", t, 1.0 - (t * t));
    }

    /// <summary>σ(x) = 1/(1 + e⁻ˣ), stable for any x.</summary>
    /// <returns>The node; ∂/∂x = σ(x)(1 − σ(x)).</returns>
    public Value Sigmoid()
    {
        double s = ScalarMath.Sigmoid(Data);
        return Unary(this, "σ", s, s * (1.0 - s));
    }

    /// <summary>max(x, 0).</summary>
    /// <returns>The node; ∂/∂x = 1 for x &gt; 0, else 0 (ReLU′(0) = 0, as in PyTorch).</returns>
    public Value Relu() => Unary(this, "ReLU", Math.Max(Data, 0.0), Data > 0 ? 1.0 : 0.0);

    /// <summary>ln(1 + eˣ), stable for any x.</summary>
    /// <returns>The node; ∂/∂x = σ(x).</returns>
    public Value Softplus() => Unary(this, "softplus", ScalarMath.Softplus(Data), ScalarMath.Sigmoid(Data));

    /// <summary>
    /// Computes ∂this/∂node for every node this one depends on: gradients in the graph are reset to 0, this node's is set
    /// to 1, and each node, visited once in reverse topological order, adds grad × local derivative to each parent.
    /// A node reached along several paths receives the sum of their contributions. Iterative: deep graphs do not
    /// overflow the stack.
    /// </summary>
    /// <exception cref="OverflowException">A gradient leaves double's range (the message names the node, the edge and the
    /// values); every gradient is then left as it was before the call.</exception>
    public void Backward()
    {
        List<Value> order = TopologicalOrder();
        var previous = new double[order.Count];
        for (int i = 0; i < order.Count; i++)
        {
            previous[i] = order[i].Grad;
            order[i].Grad = 0;
        }

        Grad = 1.0;
        for (int i = order.Count - 1; i >= 0; i--)
        {
            Value node = order[i];
            if (node.Grad == 0)
            {
                continue;
            }

            for (int p = 0; p < node._parents.Length; p++)
            {
                double local = node._localDerivatives[p];
                if (local == 0)
                {
                    continue;
                }

                // Refused before it is stored: an infinite gradient would spread, and two opposite ones make NaN.
                Value parent = node._parents[p];
                double sum = parent.Grad + (node.Grad * local);
                if (!double.IsFinite(sum))
                {
                    OverflowException overflow = GradientOverflow(parent, node, local, sum);
                    for (int j = 0; j < order.Count; j++)
                    {
                        order[j].Grad = previous[j];
                    }

                    throw overflow;
                }

                parent.Grad = sum;
            }
        }
    }

    /// <summary>Sets the gradient of this node and of every node it depends on to 0.</summary>
    public void ZeroGrad()
    {
        foreach (Value node in TopologicalOrder())
        {
            node.Grad = 0;
        }
    }

    /// <summary>The graph that ends at this node in Graphviz DOT, each node with its label, operation, data and gradient,
    /// each edge with its local derivative.</summary>
    /// <param name="graphName">The DOT graph's name.</param>
    /// <returns>DOT text (render with <c>dot -Tpng</c>).</returns>
    public string ToDot(string graphName = "graph")
    {
        List<Value> order = TopologicalOrder();
        var ids = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < order.Count; i++)
        {
            ids[order[i]] = i;
        }

        var dot = new System.Text.StringBuilder();
        dot.Append(CultureInfo.InvariantCulture, $"digraph \"{Escape(graphName)}\" {{\n  rankdir=LR;\n  node [shape=record];\n");
        foreach (Value node in order)
        {
            string title = Escape(node.Label ?? (node.Operation.Length == 0 ? "leaf" : node.Operation));
            string op = node.Operation.Length == 0 || node.Label is null ? string.Empty : $" ({Escape(node.Operation)})";
            dot.Append(CultureInfo.InvariantCulture, $"  n{ids[node]} [label=\"{{{title}{op} | data {node.Data:G10} | grad {node.Grad:G10}}}\"];\n");
        }

        foreach (Value node in order)
        {
            for (int p = 0; p < node._parents.Length; p++)
            {
                dot.Append(CultureInfo.InvariantCulture, $"  n{ids[node._parents[p]]} -> n{ids[node]} [label=\"{node._localDerivatives[p]:G10}\"];\n");
            }
        }

        return dot.Append("}\n").ToString();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Value({(Label is null ? string.Empty : Label + ": ")}data={Data:R}, grad={Grad:R})");

    /// <summary>Every node this one depends on (and itself), parents before children.</summary>
    private List<Value> TopologicalOrder()
    {
        var order = new List<Value>();
        var visited = new HashSet<Value>(ReferenceEqualityComparer.Instance) { this };
        var stack = new Stack<(Value Node, int NextParent)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            (Value node, int next) = stack.Pop();
            if (next < node._parents.Length)
            {
                stack.Push((node, next + 1));
                Value parent = node._parents[next];
                if (visited.Add(parent))
                {
                    stack.Push((parent, 0));
                }
            }
            else
            {
                order.Add(node);
            }
        }

        return order;
    }

    private static Value Unary(Value a, string operation, double value, double derivative)
    {
        Check(value, derivative, derivative, operation, a, null);
        return new(value, [a], [derivative], operation, null);
    }

    private static Value Binary(Value a, Value b, string operation, double value, double da, double db)
    {
        Check(value, da, db, operation, a, b);
        return new(value, [a, b], [da, db], operation, null);
    }

    // Every value and local derivative stays finite, so Backward can never meet ∞·0 and surface a NaN later.
    private static void Check(double value, double da, double db, string operation, Value a, Value? b)
    {
        if (!double.IsFinite(value) || !double.IsFinite(da) || !double.IsFinite(db))
        {
            string operands = b is null ? a.ToString() : $"{a} and {b}";
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"The operation '{operation}' on {operands} gives value {value} and local derivative(s) {da}, {db}; values and derivatives must stay finite."));
        }
    }

    private static OverflowException GradientOverflow(Value parent, Value node, double local, double sum) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"Backward: the gradient of {Describe(parent)} would become {sum}: it holds {parent.Grad}, and its edge into {Describe(node)} adds that node's gradient {node.Grad} × local derivative {local}. Gradients must stay finite; every gradient is left as it was."));

    // "leaf 'x' (data 1E-320)", "'×' node (data 2.5)".
    private static string Describe(Value v) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(v.Operation.Length == 0 ? "leaf" : $"'{v.Operation}' node")}{(v.Label is null ? string.Empty : $" '{v.Label}'")} (data {v.Data:R})");

    private static Value Need(Value? v, string paramName) => v ?? throw new ArgumentNullException(paramName);

    private static double Constant(double c, string paramName) =>
        double.IsFinite(c) ? c : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A constant operand must be finite; {c} was given."), paramName);

    private static double NonZero(double divisor, string paramName) =>
        divisor == 0 ? throw new ArgumentException("Division by zero: the divisor is 0.", paramName) : divisor;

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("{", "\\{", StringComparison.Ordinal).Replace("}", "\\}", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("<", "\\<", StringComparison.Ordinal).Replace(">", "\\>", StringComparison.Ordinal);

    private string Named() => Label is null ? string.Empty : $" for '{Label}'";
}
