using System.Globalization;
using System.Text;
using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>
/// The loader's memory is bounded by the result: the bytes it allocates stay within a small factor of the matrices it
/// returns, for many short lines as for one very long line (a memory bound, not a timing one).
/// </summary>
public class DelimitedFileMemoryTests
{
    // Blocks of samples plus the one exact copy (or the line buffer for a long line) make 2; 3 leaves room, while a
    // string, list entry or name per field would need many times more.
    private const double Factor = 3;
    private const long Overhead = 256 * 1024;

    private static long AllocatedWhileParsing(string text, DelimitedFileOptions options, out LabeledData data)
    {
        DelimitedFile.Parse("1,2\n", options); // Static state and first-call work are not the load's memory.
        long before = GC.GetAllocatedBytesForCurrentThread();
        data = DelimitedFile.Parse(text, options);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Many_lines_allocate_a_small_multiple_of_the_result()
    {
        const int lines = 40_000, columns = 8;
        var text = new StringBuilder();
        for (int i = 0; i < lines; i++)
        {
            for (int c = 0; c < columns; c++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{i * columns + c}.5").Append(c < columns - 1 ? ',' : '\n');
            }
        }

        long allocated = AllocatedWhileParsing(text.ToString(), new DelimitedFileOptions(), out LabeledData data);

        long result = 8L * lines * columns;
        data.SampleCount.Should().Be(lines);
        data.Features[2, 10].Should().Be(10 * columns + 2 + 0.5, "the value written at line 11, column 3");
        allocated.Should().BeLessThan((long)(Factor * result) + Overhead, $"the result is {result} bytes");
    }

    [Fact]
    public void One_long_line_allocates_a_small_multiple_of_the_result()
    {
        const int values = 500_000;
        string text = string.Join(",", Enumerable.Repeat("1", values - 1)) + ",2\n";

        long allocated = AllocatedWhileParsing(text, new DelimitedFileOptions(), out LabeledData data);

        long result = 8L * values;
        data.Features.RowCount.Should().Be(values - 1);
        data.Targets[0, 0].Should().Be(2);
        data.ColumnNames[values - 1].Should().Be($"c{values - 1}");
        data.FeatureColumns[values - 2].Should().Be(values - 2);
        allocated.Should().BeLessThan((long)(Factor * result) + Overhead, $"the result is {result} bytes");
    }
}
