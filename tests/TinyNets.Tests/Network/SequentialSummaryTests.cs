namespace TinyNets.Tests.Network;

public class SequentialSummaryTests
{
    [Fact]
    public void Summary_ListsEachLayerWithItsOutputWidthAndParameterCount()
    {
        // 5·64 + 64 = 384 in layer 0, none in the activation, 64·1 + 1 = 65 in layer 2: 449 = 384 weights + 65 biases.
        var net = new Sequential(new Linear(5, 64), new Tanh(), new Linear(64, 1));

        string[] lines = net.Summary().Split(Environment.NewLine);

        lines.Should().HaveCount(5);
        Cells(lines[0]).Should().Equal("#", "layer", "output", "parameters");
        Cells(lines[1]).Should().Equal("0", "Linear(in=5,", "out=64,", "bias=True)", "64", "384");
        Cells(lines[2]).Should().Equal("1", "Tanh()", "64", "0");
        Cells(lines[3]).Should().Equal("2", "Linear(in=64,", "out=1,", "bias=True)", "1", "65");
        lines[4].Should().Be("parameters: 449 (384 weights, 65 biases)");
        net.CountParameters().Total.Should().Be(449);
    }

    [Fact]
    public void Summary_ColumnsLineUp_AndLargeCountsAreGrouped()
    {
        // 1000·2000 = 2 000 000 weights and 2000 biases.
        var net = new Sequential(new Linear(1000, 2000, bias: true), new ReLU());

        string[] lines = net.Summary().Split(Environment.NewLine);

        lines[1].Should().EndWith("2,002,000");
        lines[^1].Should().Be("parameters: 2,002,000 (2,000,000 weights, 2,000 biases)");
        lines[0].Length.Should().Be(lines[1].Length, "every row of the table has the same width");
        lines[1].Length.Should().Be(lines[2].Length);
    }

    [Fact]
    public void Summary_ShowsAnUnknownWidthBeforeTheFirstSizedLayer()
    {
        var net = new Sequential(new ReLU(), new Linear(3, 2, bias: false));

        string[] lines = net.Summary().Split(Environment.NewLine);

        Cells(lines[1]).Should().Equal("0", "ReLU()", "?", "0");
        Cells(lines[2])[^2..].Should().Equal("2", "6");
        lines[^1].Should().Be("parameters: 6 (6 weights, 0 biases)");
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
