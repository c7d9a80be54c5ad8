using TinyNets.Data;

namespace TinyNets.Tests.Data;

public class StratifiedSplitTests
{
    /// <summary>Features × n with sample j's feature j: every column identifies its sample.</summary>
    private static Matrix<double> X(int n) => Matrix<double>.Build.Dense(2, n, (i, j) => i == 0 ? j : -j);

    private static Matrix<double> Y(int n) => Matrix<double>.Build.Dense(1, n, (_, j) => 0.5 * j);

    private static int[] TestCounts(TrainTestSets split, int[] classes, int classCount) =>
        Enumerable.Range(0, classCount).Select(c => split.TestIndices.Count(j => classes[j] == c)).ToArray();

    [Fact]
    public void Places_follow_the_largest_remainders()
    {
        // 10 samples: six of class 0, three of class 1, one of class 2; T = round(0.3·10) = 3.
        // Shares T·m/n: 1.8, 0.9, 0.3 → floors 1, 0, 0 (remainders T·m mod n = 8, 9, 3); 2 places left go to
        // class 1 (9) and class 0 (8) → test counts 2, 1, 0.
        int[] classes = [0, 1, 0, 0, 2, 1, 0, 0, 1, 0];
        TrainTestSets split = DataSplit.StratifiedTrainTestSplit(X(10), Y(10), classes, 0.3, seed: 7);

        TestCounts(split, classes, 3).Should().Equal(2, 1, 0);
        split.TestIndices.Should().HaveCount(3);
        split.TrainIndices.Concat(split.TestIndices).Should().BeEquivalentTo(Enumerable.Range(0, 10));
        split.TestClasses.Should().Equal(split.TestIndices.Select(j => classes[j]));
        split.TrainClasses.Should().Equal(split.TrainIndices.Select(j => classes[j]));
        split.XTest.Row(0).ToArray().Should().Equal(split.TestIndices.Select(j => (double)j));
        split.YTrain.Row(0).ToArray().Should().Equal(split.TrainIndices.Select(j => 0.5 * j));
    }

    [Fact]
    public void Equal_remainders_go_to_the_smaller_class_first()
    {
        // Five of each class, T = 5: shares 2.5 and 2.5, floors 2 and 2, remainders equal → class 0 takes the last place.
        int[] classes = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0];
        for (ulong seed = 0; seed < 5; seed++)
        {
            TestCounts(DataSplit.StratifiedTrainTestSplit(X(10), Y(10), classes, 0.5, seed), classes, 2).Should().Equal(3, 2);
        }
    }

    [Fact]
    public void Members_are_the_first_of_their_class_in_the_seeded_permutation()
    {
        // The documented walk, written out here: test while the class has places left, in permutation order.
        int[] classes = [0, 0, 1, 1, 1, 2, 2, 2, 2, 0, 1, 2];
        // T = round(0.25·12) = 3. Shares T·m/n with m = 3, 4, 5: 0.75, 1, 1.25 → floors 0, 1, 1, remainders 9, 0, 3
        // → the one place left goes to class 0: one test place per class.
        int[] places = [1, 1, 1];
        int[] order = DataSplit.Permutation(12, 99);
        var test = new List<int>();
        var train = new List<int>();
        foreach (int j in order)
        {
            if (places[classes[j]] > 0)
            {
                places[classes[j]]--;
                test.Add(j);
            }
            else
            {
                train.Add(j);
            }
        }

        TrainTestSets split = DataSplit.StratifiedTrainTestSplit(X(12), Y(12), classes, 0.25, seed: 99);

        split.TestIndices.Should().Equal(test);
        split.TrainIndices.Should().Equal(train);
    }

    [Fact]
    public void Every_class_keeps_its_share_within_one_sample()
    {
        var rng = new SeededRandom(21);
        for (int round = 0; round < 30; round++)
        {
            int n = 5 + rng.NextInt32(200), k = 1 + rng.NextInt32(6);
            int[] classes = Enumerable.Range(0, n).Select(_ => rng.NextInt32(k) * 1000).ToArray();   // sparse class values
            double fraction = 0.05 + (0.9 * rng.NextDouble());
            int testCount = (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero);
            if (testCount == 0 || testCount == n)
            {
                continue;
            }

            TrainTestSets split = DataSplit.StratifiedTrainTestSplit(X(n), Y(n), classes, fraction, (ulong)round);

            split.TestIndices.Should().HaveCount(testCount);
            foreach (int c in classes.Distinct())
            {
                int m = classes.Count(v => v == c);
                int t = split.TestIndices.Count(j => classes[j] == c);
                Math.Abs(t - ((double)testCount * m / n)).Should().BeLessThan(1.0, $"class {c} of {m} in {n}, T = {testCount}");
            }

            DataSplit.StratifiedTrainTestSplit(X(n), Y(n), classes, fraction, (ulong)round).TestIndices.Should().Equal(split.TestIndices, "the same seed repeats");
        }
    }

    [Fact]
    public void Loaded_categorical_data_splits_by_its_classes()
    {
        LabeledData data = DelimitedFile.Parse("1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n7,a\n8,a\n", new DelimitedFileOptions { CategoricalColumn = 1 });
        // a: 5, b: 3; T = round(0.5·8) = 4 → shares 2.5, 1.5 → floors 2, 1 with equal remainders 4 → a gets the last place.
        TrainTestSets split = DataSplit.StratifiedTrainTestSplit(data, 0.5, seed: 3);

        split.TestClasses!.Count(c => c == 0).Should().Be(3);
        split.TestClasses!.Count(c => c == 1).Should().Be(1);
        FluentActions.Invoking(() => DataSplit.StratifiedTrainTestSplit(DelimitedFile.Parse("1,2\n3,4\n"), 0.5, 1))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
    }

    [Fact]
    public void Bad_input_is_refused_with_its_name()
    {
        FluentActions.Invoking(() => DataSplit.StratifiedTrainTestSplit(X(4), Y(4), [0, 1, 0], 0.5, 1))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "classes" && e.Message.Contains("(4)") && e.Message.Contains("3 were given"));
        FluentActions.Invoking(() => DataSplit.StratifiedTrainTestSplit(X(4), Y(4), [0, 1, -1, 0], 0.5, 1))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("classes");
        FluentActions.Invoking(() => DataSplit.StratifiedTrainTestSplit(X(4), Y(4), [0, 1, 0, 1], 1.0, 1))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("testFraction");
        FluentActions.Invoking(() => DataSplit.StratifiedTrainTestSplit(X(4), Y(4), [0, 1, 0, 1], 0.1, 1))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("gives 0 test");
        FluentActions.Invoking(() => DataSplit.StratifiedTrainTestSplit(X(4), Y(3), [0, 1, 0, 1], 0.5, 1))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("y");
    }
}
