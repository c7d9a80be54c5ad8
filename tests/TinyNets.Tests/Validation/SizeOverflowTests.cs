using TinyNets.Data;
using TinyNets.Internal;

namespace TinyNets.Tests.Validation;

/// <summary>
/// Sizes whose product does not fit one array are refused, named, before anything is allocated: computed in 32 bits,
/// 65536 × 65536 wrapped to 0 (a layer with no weights), 65536 × 65537 to 65536, and 50000 × 50000 threw an
/// OverflowException.
/// </summary>
public class SizeOverflowTests
{
    [Theory]
    [InlineData(65536, 65536, "4294967296")]
    [InlineData(65536, 65537, "4295032832")]
    [InlineData(50000, 50000, "2500000000")]
    [InlineData(int.MaxValue, 2, "4294967294")]
    public void A_Linear_layer_whose_weight_cannot_be_one_array_is_refused(int inFeatures, int outFeatures, string product)
    {
        var act = () => new Linear(inFeatures, outFeatures);
        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithParameterName(nameof(inFeatures))
            .WithMessage($"*Linear({inFeatures}, {outFeatures})*{outFeatures} × {inFeatures} = {product}*at most 2147483591*");
    }

    [Fact]
    public void The_check_refuses_exactly_what_one_array_cannot_hold()
    {
        // Run on its own (46340² doubles fit one array but are too large to allocate twice on most machines): 46340²
        // = 2 147 395 600 fits; 46341² = 2 147 488 281 is beyond Array.MaxLength (2 147 483 591).
        Guard.ElementCount(46340, 46340, "inFeatures", "w").Should().Be(2_147_395_600);
        Guard.ElementCount(2_147_483_591, 1, "inFeatures", "w").Should().Be(Array.MaxLength);
        var beyond = () => Guard.ElementCount(46341, 46341, "inFeatures", "w");
        beyond.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*46341 × 46341 = 2147488281*");
        var oneMore = () => Guard.ElementCount(2_147_483_592, 1, "inFeatures", "w");
        oneMore.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void OneHot_refuses_a_matrix_that_cannot_be_one_array()
    {
        var wide = () => OneHot.Encode(new int[65536], 65537);
        wide.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("classCount").WithMessage("*65537 × 65536 = 4295032832*");

        var tall = () => OneHot.Encode(new int[2], int.MaxValue);
        tall.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("classCount").WithMessage($"*{int.MaxValue} × 2*");
    }
}
