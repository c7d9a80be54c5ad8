using TinyNets.Data;

namespace TinyNets.Tests.Data;

public class DataSplitTests
{
    /// <summary>Features × n with sample j's features (j, 1000 + j, −j): every column identifies its sample.</summary>
    private static Matrix<double> X(int n) => Matrix<double>.Build.Dense(3, n, (i, j) => i switch { 0 => j, 1 => 1000 + j, _ => -j });

    private static Matrix<double> Y(int n) => Matrix<double>.Build.Dense(1, n, (_, j) => 0.5 * j);

    [Fact]
    public void Permutation_is_Fisher_Yates_driven_by_NextInt32()
    {
        // The documented algorithm, written out here as the reference.
        var rng = new SeededRandom(42);
        int[] expected = Enumerable.Range(0, 37).ToArray();
        for (int i = expected.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt32(i + 1);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }

        DataSplit.Permutation(37, 42).Should().Equal(expected);
        DataSplit.Permutation(37, new SeededRandom(42)).Should().Equal(expected);
    }

    [Fact]
    public void Shuffle_in_place_continues_the_generator_like_repeated_permutations()
    {
        var rng = new SeededRandom(3);
        string[] items = ["a", "b", "c", "d", "e"];
        int[] first = DataSplit.Permutation(5, 3);

        DataSplit.Shuffle(items.AsSpan(), rng);

        items.Should().Equal(first.Select(k => "abcde"[k].ToString()));
        // A second shuffle draws on from the same generator: the same as permuting the shuffled items again.
        var reference = new SeededRandom(3);
        DataSplit.Permutation(5, reference);
        int[] second = DataSplit.Permutation(5, reference);
        string[] expected = second.Select(k => items[k]).ToArray();
        DataSplit.Shuffle(items.AsSpan(), rng);
        items.Should().Equal(expected);
    }

    [Fact]
    public void Permutation_holds_every_index_once_and_small_counts_work()
    {
        DataSplit.Permutation(1000, 7).Order().Should().Equal(Enumerable.Range(0, 1000));
        DataSplit.Permutation(0, 7).Should().BeEmpty();
        DataSplit.Permutation(1, 7).Should().Equal(0);
        FluentActions.Invoking(() => DataSplit.Permutation(-1, 7)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("count");
    }

    [Fact]
    public void Same_seed_gives_the_same_split_and_different_seeds_differ()
    {
        TrainTestSets a = DataSplit.TrainTestSplit(X(150), Y(150), 0.2, 1);
        TrainTestSets b = DataSplit.TrainTestSplit(X(150), Y(150), 0.2, 1);
        TrainTestSets c = DataSplit.TrainTestSplit(X(150), Y(150), 0.2, 2);

        a.TestIndices.Should().Equal(b.TestIndices);
        a.TrainIndices.Should().Equal(b.TrainIndices);
        a.XTest.Should().Be(b.XTest);
        a.TestIndices.Should().NotEqual(c.TestIndices);
    }

    [Theory]
    [InlineData(150, 0.2, 30)]
    [InlineData(1503, 0.2, 301)]
    [InlineData(10, 0.25, 3)]
    [InlineData(10, 0.24, 2)]
    [InlineData(2, 0.5, 1)]
    public void Test_part_gets_the_rounded_share_and_no_sample_is_lost_or_repeated(int n, double fraction, int testCount)
    {
        TrainTestSets s = DataSplit.TrainTestSplit(X(n), Y(n), fraction, 99);

        s.TestIndices.Should().HaveCount(testCount);
        s.TrainIndices.Should().HaveCount(n - testCount);
        s.TrainIndices.Concat(s.TestIndices).Order().Should().Equal(Enumerable.Range(0, n));
        s.XTrain.ColumnCount.Should().Be(n - testCount);
        s.XTest.ColumnCount.Should().Be(testCount);
        s.YTrain.ColumnCount.Should().Be(n - testCount);
        s.YTest.ColumnCount.Should().Be(testCount);
        s.HasClasses.Should().BeFalse();
    }

    [Fact]
    public void Columns_follow_their_indices_and_the_order_is_the_permutation()
    {
        TrainTestSets s = DataSplit.TrainTestSplit(X(40), Y(40), 0.3, 5);

        s.TestIndices.Concat(s.TrainIndices).Should().Equal(DataSplit.Permutation(40, 5));
        for (int j = 0; j < s.TrainIndices.Length; j++)
        {
            int k = s.TrainIndices[j];
            s.XTrain.Column(j).ToArray().Should().Equal(k, 1000 + k, -k);
            s.YTrain[0, j].Should().Be(0.5 * k);
        }

        for (int j = 0; j < s.TestIndices.Length; j++)
        {
            int k = s.TestIndices[j];
            s.XTest.Column(j).ToArray().Should().Equal(k, 1000 + k, -k);
            s.YTest[0, j].Should().Be(0.5 * k);
        }
    }

    [Fact]
    public void Class_indices_travel_with_their_samples_and_the_division_matches_the_plain_split()
    {
        int[] classes = Enumerable.Range(0, 60).Select(j => j % 3).ToArray();

        TrainTestSets s = DataSplit.TrainTestSplit(X(60), Y(60), classes, 0.25, 11);
        TrainTestSets plain = DataSplit.TrainTestSplit(X(60), Y(60), 0.25, 11);

        s.HasClasses.Should().BeTrue();
        s.TrainClasses.Should().Equal(s.TrainIndices.Select(k => k % 3));
        s.TestClasses.Should().Equal(s.TestIndices.Select(k => k % 3));
        s.TestIndices.Should().Equal(plain.TestIndices);
    }

    [Fact]
    public void Labeled_data_splits_features_targets_and_classes()
    {
        LabeledData data = DelimitedFile.Parse("1,a\n2,b\n3,a\n4,b\n5,a\n", new DelimitedFileOptions { CategoricalColumn = 1 });

        TrainTestSets s = DataSplit.TrainTestSplit(data, 0.4, 3);

        s.TestIndices.Should().HaveCount(2);
        s.TestClasses.Should().Equal(s.TestIndices.Select(k => data.ClassIndices![k]));
        s.XTest.Row(0).ToArray().Should().Equal(s.TestIndices.Select(k => k + 1.0));
        s.YTrain.Row(0).ToArray().Should().Equal(s.TrainIndices.Select(k => (double)(k % 2)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Fraction_must_lie_strictly_between_0_and_1(double fraction)
    {
        var act = () => DataSplit.TrainTestSplit(X(10), Y(10), fraction, 1);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("testFraction");
    }

    [Theory]
    [InlineData(10, 0.04, "0 test and 10 training")]
    [InlineData(10, 0.96, "10 test and 0 training")]
    [InlineData(1, 0.5, "1 test and 0 training")]
    public void Both_parts_must_be_non_empty(int n, double fraction, string fragment)
    {
        var act = () => DataSplit.TrainTestSplit(X(n), Y(n), fraction, 1);

        ArgumentException ex = act.Should().Throw<ArgumentException>().Which;
        ex.ParamName.Should().Be("testFraction");
        ex.Message.Should().Contain(fragment);
    }

    [Fact]
    public void Sample_counts_must_agree()
    {
        FluentActions.Invoking(() => DataSplit.TrainTestSplit(X(10), Y(9), 0.2, 1))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("y");
        FluentActions.Invoking(() => DataSplit.TrainTestSplit(X(10), Y(10), new int[9], 0.2, 1))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("classes");
        FluentActions.Invoking(() => DataSplit.TrainTestSplit(X(3), Y(3), [0, -1, 0], 0.2, 1))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("classes");
    }

    [Fact]
    public void Select_columns_copies_in_order_and_checks_indices()
    {
        Matrix<double> m = DataSplit.SelectColumns(X(5), [4, 0, 4]);

        m.Column(0).ToArray().Should().Equal(4, 1004, -4);
        m.Column(1).ToArray().Should().Equal(0, 1000, 0);
        m.Column(2).ToArray().Should().Equal(4, 1004, -4);
        FluentActions.Invoking(() => DataSplit.SelectColumns(X(5), [5])).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("columns");
        FluentActions.Invoking(() => DataSplit.SelectColumns(X(5), [])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("columns");
    }
}
