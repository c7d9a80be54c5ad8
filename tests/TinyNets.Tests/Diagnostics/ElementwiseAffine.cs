namespace TinyNets.Tests.Diagnostics;

/// <summary>A layer written as a user would, through the public contract only: y = γ ⊙ x + β per feature.</summary>
internal sealed class ElementwiseAffine : Layer
{
    private readonly Parameter[] _parameters;

    public ElementwiseAffine(int features, bool forgetInputInScaleGradient = false)
    {
        Features = features;
        Scale = new Parameter("weight", features);
        Shift = new Parameter("bias", features);
        Scale.Data.Fill(1.0);
        _parameters = [Scale, Shift];
        ForgetInputInScaleGradient = forgetInputInScaleGradient;
    }

    public int Features { get; }

    public Parameter Scale { get; }

    public Parameter Shift { get; }

    // A deliberate bug for the tests: ∂L/∂γ without its factor x.
    public bool ForgetInputInScaleGradient { get; }

    public override IReadOnlyList<Parameter> Parameters => _parameters;

    public override int? InputSize => Features;

    public override int? OutputSize => Features;

    public override string ToString() => $"ElementwiseAffine({Features})";

    // y = γ ⊙ x + β
    protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        ReadOnlySpan<double> g = Scale.Data, b = Shift.Data;
        for (int j = 0; j < columns; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                y[(j * rows) + i] = (g[i] * x[(j * rows) + i]) + b[i];
            }
        }
    }

    // ∂L/∂γᵢ = Σⱼ dyᵢⱼ·xᵢⱼ, ∂L/∂βᵢ = Σⱼ dyᵢⱼ, ∂L/∂x = γ ⊙ dy
    protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
    {
        Span<double> dg = Scale.GradientData, db = Shift.GradientData;
        dg.Clear();
        db.Clear();
        ReadOnlySpan<double> g = Scale.Data;
        for (int j = 0; j < columns; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                int k = (j * rows) + i;
                dg[i] += ForgetInputInScaleGradient ? dy[k] : dy[k] * x[k];
                db[i] += dy[k];
                if (!dx.IsEmpty)
                {
                    dx[k] = g[i] * dy[k];
                }
            }
        }
    }
}
