namespace TinyNets.WorkedSolutions;

/// <summary>What a <see cref="Segment"/> holds.</summary>
internal enum SegmentKind
{
    Text,
    Math,
    Code,
}
