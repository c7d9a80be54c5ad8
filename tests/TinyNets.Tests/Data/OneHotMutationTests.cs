using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>
/// One-hot encoding and arg-max decoding: messages pinned whole (specified text), and a matrix without rows or
/// columns refused rather than decoded.
/// </summary>
public class OneHotMutationTests
{
    [Fact]
    public void Encode_NoSample_IsRefused()
    {
        Action act = () => OneHot.Encode(ReadOnlySpan<int>.Empty, 2);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'classes' is empty; at least one sample is expected. (Parameter 'classes')");
    }

    [Fact]
    public void Encode_IndexOutsideTheClasses_NamesTheClassCount()
    {
        Action act = () => OneHot.Encode([0, 3], 3);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>()
            .WithMessage("Class index 3 of sample 1 in 'classes' is outside [0, 2] (classCount is 3). (Parameter 'classes')*");
    }

    [Fact]
    public void Encode_MoreValuesThanOneArrayHolds_IsRefused()
    {
        // int.MaxValue classes × 2 samples = 4 294 967 294 values, above Array.MaxLength = 2 147 483 591.
        Action act = () => OneHot.Encode([0, 1], int.MaxValue);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>()
            .WithMessage("The one-hot matrix (classes × samples) needs 2147483647 × 2 = 4294967294 values; one array holds at most 2147483591. (Parameter 'classCount')*");
    }

    [Fact]
    public void Decode_NoRow_IsRefused()
    {
        Action act = () => OneHot.Decode(Matrix<double>.Build.Dense(0, 3));

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'scores' has no features (shape 0×3); at least one row is expected. (Parameter 'scores')");
    }

    [Fact]
    public void Decode_NoColumn_IsRefused()
    {
        Action act = () => OneHot.Decode(Matrix<double>.Build.Dense(3, 0));

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("An empty batch was given for 'scores' (shape 3×0); at least one sample (column) is expected. (Parameter 'scores')");
    }
}
