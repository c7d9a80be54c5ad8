using System;
using System.Collections.Generic;

namespace TinyNets.Losses;

/// <summary>
/// A library loss as data: its kind (PyTorch's class name, or <c>SoftplusLoss</c>), reduction, scale and
/// hyper-parameters. The model file stores a loss as this, and a <c>TrainingState</c> records the loss of its epochs as
/// this. Two descriptions are equal when kind and every value are equal bit for bit: then the two losses compute the same
/// bits for the same inputs, which is what an exact resume needs.
/// </summary>
internal sealed class LossDescription : IEquatable<LossDescription>
{
    /// <summary>The kinds, by PyTorch's class names (the sheets' softplus loss by its own), as messages list them.</summary>
    public const string KnownKinds =
        "MSELoss, L1Loss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, NLLLoss, SoftMarginLoss, SoftplusLoss";

    private readonly double[]? _weight;

    /// <summary>Creates a description from values the caller has checked (the reader validates them first).</summary>
    /// <param name="kind">One of <see cref="KnownKinds"/>.</param>
    /// <param name="reduction">The reduction.</param>
    /// <param name="scale">The scale.</param>
    /// <param name="delta">Huber's δ, else null.</param>
    /// <param name="beta">SmoothL1's β, else null.</param>
    /// <param name="labelSmoothing">Cross-entropy's label smoothing, else null.</param>
    /// <param name="weight">The class weights of cross-entropy or NLL, or null (copied).</param>
    public LossDescription(string kind, Reduction reduction, double scale, double? delta = null, double? beta = null, double? labelSmoothing = null, IReadOnlyList<double>? weight = null)
    {
        Kind = kind;
        Reduction = reduction;
        Scale = scale;
        Delta = delta;
        Beta = beta;
        LabelSmoothing = labelSmoothing;
        _weight = weight is null ? null : [.. weight];
    }

    /// <summary>PyTorch's class name of the loss (<c>SoftplusLoss</c> for the sheets' loss, which PyTorch lacks).</summary>
    public string Kind { get; }

    /// <summary>The reduction.</summary>
    public Reduction Reduction { get; }

    /// <summary>The scale applied after the reduction.</summary>
    public double Scale { get; }

    /// <summary><see cref="HuberLoss.Delta"/>, or null for other kinds.</summary>
    public double? Delta { get; }

    /// <summary><see cref="SmoothL1Loss.Beta"/>, or null for other kinds.</summary>
    public double? Beta { get; }

    /// <summary><see cref="CrossEntropyLoss.LabelSmoothing"/>, or null for other kinds.</summary>
    public double? LabelSmoothing { get; }

    /// <summary>The class weights of <see cref="CrossEntropyLoss"/> or <see cref="NllLoss"/>, or null (none, or another kind).</summary>
    public IReadOnlyList<double>? Weight => _weight;

    /// <summary>Whether <paramref name="kind"/> is one of <see cref="KnownKinds"/>.</summary>
    /// <param name="kind">A kind name.</param>
    /// <returns>True for a known kind.</returns>
    public static bool IsKnown(string kind) => kind is
        "MSELoss" or "L1Loss" or "HuberLoss" or "SmoothL1Loss" or "BCELoss" or "BCEWithLogitsLoss"
        or "CrossEntropyLoss" or "NLLLoss" or "SoftMarginLoss" or "SoftplusLoss";

    /// <summary>The description of a library loss, or null for a loss of the user's own type (which nothing can describe).</summary>
    /// <param name="loss">The loss.</param>
    /// <returns>Its description, or null.</returns>
    public static LossDescription? Of(Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        (Reduction r, double s) = (loss.Reduction, loss.Scale);

        // The library's losses are sealed, so a type test is an exact one.
        return loss switch
        {
            MseLoss => new("MSELoss", r, s),
            L1Loss => new("L1Loss", r, s),
            HuberLoss huber => new("HuberLoss", r, s, delta: huber.Delta),
            SmoothL1Loss smooth => new("SmoothL1Loss", r, s, beta: smooth.Beta),
            BceLoss => new("BCELoss", r, s),
            BceWithLogitsLoss => new("BCEWithLogitsLoss", r, s),
            CrossEntropyLoss ce => new("CrossEntropyLoss", r, s, labelSmoothing: ce.LabelSmoothing, weight: ce.Weight),
            NllLoss nll => new("NLLLoss", r, s, weight: nll.Weight),
            SoftMarginLoss => new("SoftMarginLoss", r, s),
            SoftplusLoss => new("SoftplusLoss", r, s),
            _ => null,
        };
    }

    /// <summary>A new loss of this kind and these values.</summary>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">A value the loss's constructor refuses (the reader checks them all first).</exception>
    public Loss Build() => Kind switch
    {
        "MSELoss" => new MseLoss(Reduction, Scale),
        "L1Loss" => new L1Loss(Reduction, Scale),
        "HuberLoss" => new HuberLoss(Delta!.Value, Reduction, Scale),
        "SmoothL1Loss" => new SmoothL1Loss(Beta!.Value, Reduction, Scale),
        "BCELoss" => new BceLoss(Reduction, Scale),
        "BCEWithLogitsLoss" => new BceWithLogitsLoss(Reduction, Scale),
        "CrossEntropyLoss" => new CrossEntropyLoss(Reduction, Scale, _weight, LabelSmoothing!.Value),
        "NLLLoss" => new NllLoss(Reduction, Scale, _weight),
        "SoftMarginLoss" => new SoftMarginLoss(Reduction, Scale),
        "SoftplusLoss" => new SoftplusLoss(Reduction, Scale),
        _ => throw new InvalidOperationException($"Unknown loss kind {Kind}."),
    };

    /// <inheritdoc/>
    public bool Equals(LossDescription? other) =>
        other is not null
        && string.Equals(Kind, other.Kind, StringComparison.Ordinal)
        && Reduction == other.Reduction
        && Same(Scale, other.Scale)
        && Same(Delta, other.Delta)
        && Same(Beta, other.Beta)
        && Same(LabelSmoothing, other.LabelSmoothing)
        && SameWeights(_weight, other._weight);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LossDescription);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Reduction, BitConverter.DoubleToInt64Bits(Scale));

    /// <summary>The loss's own text, such as <c>HuberLoss(delta=0.5, reduction=Mean)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Build().ToString() ?? Kind;

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static bool Same(double? a, double? b) => a is double x ? b is double y && Same(x, y) : b is null;

    private static bool SameWeights(double[]? a, double[]? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (!Same(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
