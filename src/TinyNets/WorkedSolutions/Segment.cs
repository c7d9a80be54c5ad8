namespace TinyNets.WorkedSolutions;

/// <summary>A piece of a heading or paragraph: prose, a formula, or code (a layer's or loss's description).</summary>
internal readonly record struct Segment(SegmentKind Kind, string Value)
{
    public static Segment Text(string value) => new(SegmentKind.Text, value);

    public static Segment Math(string value) => new(SegmentKind.Math, value);

    public static Segment Code(string value) => new(SegmentKind.Code, value);
}
