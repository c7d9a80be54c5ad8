using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>
/// The blocks the loader collects samples in: the first holds 512 values, each next one twice as many, and when one
/// block holds every value it is itself the result (no copy); otherwise the result is one exact copy.
/// </summary>
public class SampleBufferMutationTests
{
    private const int DoubleArrayHeader = 24; // Object header, method table and length of a double[] (64-bit).

    private static long AllocatedByAppend(SampleBuffer buffer)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        buffer.Append();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void Fill(SampleBuffer buffer, int samples, int width)
    {
        for (int n = 0; n < samples; n++)
        {
            Span<double> values = buffer.Append();
            for (int i = 0; i < width; i++)
            {
                values[i] = (n * width) + i;
            }
        }
    }

    [Fact]
    public void When_the_first_block_holds_every_value_it_is_the_result_itself()
    {
        // Width 1: the first block of 512 values holds 512 samples exactly.
        var buffer = new SampleBuffer(1);
        Fill(buffer, 512, 1);

        double[] values = buffer.ToArray();

        values.Should().Equal(Enumerable.Range(0, 512).Select(i => (double)i));
        buffer.ToArray().Should().BeSameAs(values);
    }

    [Fact]
    public void One_sample_wider_than_the_first_block_is_the_result_itself()
    {
        // As for a single very long line: one sample of 1000 values, more than the first block's 512.
        var buffer = new SampleBuffer(1000);
        Fill(buffer, 1, 1000);

        double[] values = buffer.ToArray();

        values.Should().Equal(Enumerable.Range(0, 1000).Select(i => (double)i));
        buffer.ToArray().Should().BeSameAs(values);
    }

    [Fact]
    public void A_block_not_filled_or_more_than_one_block_is_copied_exactly()
    {
        var partly = new SampleBuffer(1);
        Fill(partly, 511, 1);
        double[] first = partly.ToArray();
        first.Should().Equal(Enumerable.Range(0, 511).Select(i => (double)i));
        partly.ToArray().Should().NotBeSameAs(first);

        var several = new SampleBuffer(3);
        Fill(several, 1000, 3);
        several.Count.Should().Be(1000);
        several.ToArray().Should().Equal(Enumerable.Range(0, 3000).Select(i => (double)i));
    }

    [Fact]
    public void The_first_block_holds_512_values_and_the_next_one_twice_as_many()
    {
        static (long First, long Second) Allocations()
        {
            var buffer = new SampleBuffer(1);
            long first = AllocatedByAppend(buffer);
            Fill(buffer, 511, 1);
            long second = AllocatedByAppend(buffer); // The 513th sample starts the second block.
            return (first, second);
        }

        Allocations(); // First-call work is not the blocks' memory.

        (long first, long second) = Allocations();

        first.Should().Be((512 * sizeof(double)) + DoubleArrayHeader);
        // The second block (1024 values) and the list of full blocks, which holds a few references.
        second.Should().BeInRange((1024 * sizeof(double)) + DoubleArrayHeader, (1024 * sizeof(double)) + DoubleArrayHeader + 256);
    }

    [Fact]
    public void Samples_without_values_take_no_block()
    {
        var buffer = new SampleBuffer(0);
        buffer.Append().Length.Should().Be(0);
        buffer.Append().Length.Should().Be(0);

        buffer.Count.Should().Be(2);
        buffer.ToArray().Should().BeEmpty();
    }
}
