using TinyNets.Data;

namespace TinyNets.Tests.Data;

public class OneHotTests
{
    [Fact]
    public void Encode_puts_a_one_in_the_class_row_of_each_sample_column()
    {
        Matrix<double> m = OneHot.Encode([2, 0, 1, 2], 3);

        m.RowCount.Should().Be(3);
        m.ColumnCount.Should().Be(4);
        m.ToArray().Should().BeEquivalentTo(new double[,] { { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 1, 0, 0, 1 } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Decode_of_encode_round_trips()
    {
        int[] classes = Enumerable.Range(0, 50).Select(i => (i * 7) % 5).ToArray();

        OneHot.Decode(OneHot.Encode(classes, 5)).Should().Equal(classes);
    }

    [Fact]
    public void Decode_takes_the_arg_max_of_logits_and_the_first_row_on_a_tie()
    {
        Matrix<double> logits = Matrix<double>.Build.DenseOfArray(new double[,]
        {
            { -1.0, 2.0, 0.5, 3.0 },
            { 4.0, 2.0, 0.5, -3.0 },
            { 0.0, 1.0, 0.5, 2.9 },
        });

        OneHot.Decode(logits).Should().Equal(1, 0, 0, 0);
    }

    [Fact]
    public void Class_outside_the_count_is_refused_with_its_sample()
    {
        var act = () => OneHot.Encode([0, 3, 1], 3);

        ArgumentOutOfRangeException ex = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        ex.ParamName.Should().Be("classes");
        ex.Message.Should().Contain("Class index 3 of sample 1").And.Contain("[0, 2]");
    }

    [Fact]
    public void Negative_class_non_positive_count_and_empty_input_are_refused()
    {
        FluentActions.Invoking(() => OneHot.Encode([-1], 3)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("classes");
        FluentActions.Invoking(() => OneHot.Encode([0], 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("classCount");
        FluentActions.Invoking(() => OneHot.Encode([], 3)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("classes");
    }

    [Fact]
    public void Decode_refuses_NaN()
    {
        Matrix<double> m = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, double.NaN }, { 0, 2 } });

        var act = () => OneHot.Decode(m);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scores");
    }
}
