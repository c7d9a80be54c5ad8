using System;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace TinyNets.Benchmarks.Peers;

/// <summary>
/// The same nets written plainly with MathNet.Numerics' allocating operators (<c>W * a</c>, <c>+</c>, <c>Map</c>,
/// <c>PointwiseMultiply</c>, <c>Transpose</c>): the code one writes without a library, and the baseline of every
/// comparison. Call <see cref="MathNet.Numerics.Control.UseSingleThread"/> first (the suite does) so its products
/// run on one thread like the other peers.
/// </summary>
public sealed class PlainMlp
{
    private readonly MlpSpec _spec;
    private readonly Matrix<double>[] _w;
    private readonly Vector<double>[] _b;
    private readonly Matrix<double>[] _inputs;
    private readonly Matrix<double>?[] _targets;
    private readonly int[][] _classes;

    /// <summary>Copies <paramref name="parameters"/> and slices <paramref name="data"/> into batches.</summary>
    public PlainMlp(MlpSpec spec, LayerParameters[] parameters, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        _spec = spec;
        _w = parameters.Select(p => (Matrix<double>)DenseMatrix.Build.Dense(p.Out, p.In, (i, j) => p.Weight[(i * p.In) + j])).ToArray();
        _b = parameters.Select(p => (Vector<double>)DenseVector.OfArray((double[])p.Bias.Clone())).ToArray();
        (_inputs, _targets, _classes) = data.BatchMatrices();
    }

    /// <summary>Number of batches.</summary>
    public int Batches => _inputs.Length;

    /// <summary>One SGD step on batch <paramref name="b"/>. Returns the loss before the update.</summary>
    public double Step(int b)
    {
        int layers = _w.Length;
        var a = new Matrix<double>[layers + 1];
        a[0] = _inputs[b];
        for (int l = 0; l < layers; l++)
        {
            a[l + 1] = Activate(Affine(l, a[l]), _spec.ActivationAfter(l));
        }

        (double loss, Matrix<double> delta) = LossAndOutputDelta(a[layers], b);
        for (int l = layers - 1; l >= 0; l--)
        {
            Matrix<double> dW = delta * a[l].Transpose();
            Vector<double> db = delta.RowSums();
            if (l > 0)
            {
                delta = (_w[l].Transpose() * delta).PointwiseMultiply(Derivative(a[l], _spec.ActivationAfter(l - 1)));
            }

            _w[l] = _w[l] - (_spec.LearningRate * dW);
            _b[l] = _b[l] - (_spec.LearningRate * db);
        }

        return loss;
    }

    /// <summary>One epoch: a step on every batch in order. Returns the sum of the batch losses.</summary>
    public double Epoch()
    {
        double total = 0;
        for (int b = 0; b < _inputs.Length; b++)
        {
            total += Step(b);
        }

        return total;
    }

    /// <summary>Inference on batch <paramref name="b"/>; returns the first output.</summary>
    public double Infer(int b)
    {
        Matrix<double> a = _inputs[b];
        for (int l = 0; l < _w.Length; l++)
        {
            a = Activate(Affine(l, a), _spec.ActivationAfter(l));
        }

        return a[0, 0];
    }

    /// <summary>The current parameters.</summary>
    public LayerParameters[] Parameters() =>
        _w.Select((w, l) => new LayerParameters(w.ColumnCount, w.RowCount, w.ToRowMajorArray(), _b[l].ToArray())).ToArray();

    // z = W·a + b·1ᵀ
    private Matrix<double> Affine(int l, Matrix<double> a) =>
        (_w[l] * a) + (_b[l].ToColumnMatrix() * DenseMatrix.Create(1, a.ColumnCount, 1.0));

    private static Matrix<double> Activate(Matrix<double> z, Act act) => act switch
    {
        Act.Identity => z,
        Act.Tanh => z.Map(Math.Tanh),
        Act.ReLU => z.Map(v => v > 0 ? v : 0.0),
        Act.Sigmoid => z.Map(v => 1.0 / (1.0 + Math.Exp(-v))),
        _ => throw new ArgumentOutOfRangeException(nameof(act)),
    };

    // The derivative from the activation's output a.
    private static Matrix<double> Derivative(Matrix<double> a, Act act) => act switch
    {
        Act.Identity => DenseMatrix.Create(a.RowCount, a.ColumnCount, 1.0),
        Act.Tanh => 1.0 - a.PointwiseMultiply(a),
        Act.ReLU => a.Map(v => v > 0 ? 1.0 : 0.0),
        Act.Sigmoid => a.PointwiseMultiply(1.0 - a),
        _ => throw new ArgumentOutOfRangeException(nameof(act)),
    };

    // ∂L/∂z of the last layer from ∂L/∂output.
    private Matrix<double> ThroughOutput(Matrix<double> gradient, Matrix<double> output) =>
        _spec.Output == Act.Identity ? gradient : gradient.PointwiseMultiply(Derivative(output, _spec.Output));

    // The loss of the output and ∂L/∂z of the last linear layer.
    private (double Loss, Matrix<double> Delta) LossAndOutputDelta(Matrix<double> output, int b)
    {
        switch (_spec.Loss)
        {
            case LossKind.Mse:
            {
                Matrix<double> diff = output - _targets[b]!;
                int count = diff.RowCount * diff.ColumnCount;
                double loss = diff.PointwiseMultiply(diff).Enumerate().Sum() / count;
                return (loss, ThroughOutput(2.0 / count * diff, output));
            }

            case LossKind.HalfSse:
            {
                Matrix<double> diff = output - _targets[b]!;
                double loss = 0.5 * diff.PointwiseMultiply(diff).Enumerate().Sum();
                return (loss, ThroughOutput(diff, output));
            }

            case LossKind.BceWithLogits:
            {
                // The sigmoid output p = σ(z); BCE = −mean(t ln p + (1 − t) ln(1 − p)); ∂L/∂z = (p − t) / count.
                Matrix<double> t = _targets[b]!;
                Matrix<double> p = output.Map(v => 1.0 / (1.0 + Math.Exp(-v)));
                int count = p.RowCount * p.ColumnCount;
                double loss = -(t.PointwiseMultiply(p.PointwiseLog()) + (1.0 - t).PointwiseMultiply((1.0 - p).PointwiseLog())).Enumerate().Sum() / count;
                return (loss, (p - t) / count);
            }

            case LossKind.CrossEntropy:
            {
                // Softmax over each column (max-shifted), CE = −mean ln p[class]; ∂L/∂z = (p − onehot) / n.
                int n = output.ColumnCount;
                Matrix<double> p = output.Clone();
                double loss = 0;
                for (int j = 0; j < n; j++)
                {
                    Vector<double> column = output.Column(j);
                    Vector<double> e = (column - column.Maximum()).PointwiseExp();
                    p.SetColumn(j, e / e.Sum());
                    loss -= Math.Log(p[_classes[b][j], j]);
                }

                Matrix<double> oneHot = DenseMatrix.Create(output.RowCount, n, (i, j) => i == _classes[b][j] ? 1.0 : 0.0);
                return (loss / n, (p - oneHot) / n);
            }

            default:
                throw new InvalidOperationException($"Unknown loss {_spec.Loss}.");
        }
    }
}
