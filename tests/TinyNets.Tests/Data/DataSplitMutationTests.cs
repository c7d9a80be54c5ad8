using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>
/// Permutation, shuffle, column selection and the plain and stratified splits: each argument check met before the
/// code it guards (so the error names the caller's argument, not an inner one), messages pinned whole (specified
/// text), the generator advanced by exactly length − 1 draws, and the stratified rule's tie-break by class index.
/// </summary>
public class DataSplitMutationTests
{
    private const string DenseX = "A dense matrix (Matrix<double>.Build.Dense…) was expected for 'x'; a SparseMatrix was given. (Parameter 'x')";

    /// <summary>Features × n with sample j's feature equal to j: every column identifies its sample.</summary>
    private static Matrix<double> X(int n) => Matrix<double>.Build.Dense(1, n, (_, j) => j);

    private static Matrix<double> Y(int n) => Matrix<double>.Build.Dense(1, n, (_, j) => 10 * j);

    [Fact]
    public void Permutation_NullGenerator_IsRefusedBeforeTheCount()
    {
        // With the null check gone, the negative count would be reported instead.
        Action act = () => DataSplit.Permutation(-1, (SeededRandom)null!);

        act.Should().ThrowExactly<ArgumentNullException>().Which.ParamName.Should().Be("random");
    }

    [Fact]
    public void Permutation_NegativeCount_NamesTheCount()
    {
        Action act = () => DataSplit.Permutation(-3, 1UL);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>()
            .WithMessage("A non-negative count was expected; -3 was given. (Parameter 'count')*");
    }

    [Fact]
    public void Shuffle_NullGenerator_IsRefusedEvenForASingleItem()
    {
        // One item needs no draw, so only the check itself can refuse the null generator.
        Action act = () => DataSplit.Shuffle(new int[1].AsSpan(), null!);

        act.Should().ThrowExactly<ArgumentNullException>().Which.ParamName.Should().Be("random");
    }

    [Fact]
    public void Shuffle_AdvancesTheGeneratorByLengthMinusOneDraws()
    {
        // Fisher–Yates over three items draws NextInt32(3) then NextInt32(2), and nothing for i = 0.
        var random = new SeededRandom(11);
        var reference = new SeededRandom(11);

        DataSplit.Shuffle(new[] { 'a', 'b', 'c' }.AsSpan(), random);
        reference.NextInt32(3);
        reference.NextInt32(2);

        random.GetState().Should().Equal(reference.GetState());
    }

    [Fact]
    public void SelectColumns_NoColumn_IsRefused()
    {
        Action act = () => DataSplit.SelectColumns(X(3), ReadOnlySpan<int>.Empty);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'columns' is empty; at least one column index is expected. (Parameter 'columns')");
    }

    [Fact]
    public void SelectColumns_IndexPastTheEnd_NamesTheLastValidIndex()
    {
        Action act = () => DataSplit.SelectColumns(Matrix<double>.Build.Dense(2, 3), [0, 3]);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>()
            .WithMessage("Entry 1 of 'columns' is 3, outside [0, 2] ('data' has 3 columns). (Parameter 'columns')*");
    }

    [Fact]
    public void SelectColumns_MoreValuesThanOneArrayHolds_IsRefused()
    {
        // 50 000 rows × 50 000 selected columns = 2.5·10⁹ values, above Array.MaxLength = 2 147 483 591.
        Matrix<double> tall = Matrix<double>.Build.Dense(50_000, 1);

        Action act = () => DataSplit.SelectColumns(tall, new int[50_000]);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>()
            .WithMessage("The selected columns needs 50000 × 50000 = 2500000000 values; one array holds at most 2147483591. (Parameter 'columns')*");
    }

    [Fact]
    public void TrainTestSplit_WithClasses_NullInputs_IsRefusedByName()
    {
        Action act = () => DataSplit.TrainTestSplit(null!, Y(4), [0, 1, 0, 1], 0.5, 1);

        act.Should().ThrowExactly<ArgumentNullException>().Which.ParamName.Should().Be("x");
    }

    [Fact]
    public void TrainTestSplit_NullData_IsRefusedByName()
    {
        Action act = () => DataSplit.TrainTestSplit((LabeledData)null!, 0.5, 1);

        act.Should().ThrowExactly<ArgumentNullException>().Which.ParamName.Should().Be("data");
    }

    [Fact]
    public void TrainTestSplit_OfDataWithoutClasses_SplitsAsThePermutationSays_AndCarriesNoClasses()
    {
        // Regression data (the last column is the target); sample j has feature 2j + 1 and target 2j + 2.
        LabeledData data = DelimitedFile.Parse("1,2\n3,4\n5,6\n7,8\n");
        int[] order = DataSplit.Permutation(4, 7UL);

        TrainTestSets sets = DataSplit.TrainTestSplit(data, 0.5, 7);

        // round(0.5 × 4) = 2 test samples: the permutation's first two entries.
        sets.HasClasses.Should().BeFalse();
        sets.TrainClasses.Should().BeNull();
        sets.TestClasses.Should().BeNull();
        sets.TestIndices.Should().Equal(order[..2]);
        sets.TrainIndices.Should().Equal(order[2..]);
        sets.XTest.Row(0).ToArray().Should().Equal(order[..2].Select(j => (2.0 * j) + 1));
        sets.YTrain.Row(0).ToArray().Should().Equal(order[2..].Select(j => (2.0 * j) + 2));
    }

    [Fact]
    public void TrainTestSplit_SparseInputs_NamesTheInputs()
    {
        Action act = () => DataSplit.TrainTestSplit(Matrix<double>.Build.Sparse(1, 4), Y(4), 0.5, 1);

        act.Should().ThrowExactly<ArgumentException>().WithMessage(DenseX);
    }

    [Fact]
    public void TrainTestSplit_NullTargets_IsRefusedByName()
    {
        Action act = () => DataSplit.TrainTestSplit(X(4), null!, 0.5, 1);

        act.Should().ThrowExactly<ArgumentNullException>().Which.ParamName.Should().Be("y");
    }

    [Fact]
    public void Stratified_NullInputs_IsRefusedByName()
    {
        Action act = () => DataSplit.StratifiedTrainTestSplit(null!, Y(4), [0, 1, 0, 1], 0.5, 1);

        act.Should().ThrowExactly<ArgumentNullException>().Which.ParamName.Should().Be("x");
    }

    [Fact]
    public void Stratified_NullData_IsRefusedByName()
    {
        Action act = () => DataSplit.StratifiedTrainTestSplit((LabeledData)null!, 0.5, 1);

        act.Should().ThrowExactly<ArgumentNullException>().Which.ParamName.Should().Be("data");
    }

    [Fact]
    public void Stratified_DataWithoutClasses_SaysHowToGetThem()
    {
        LabeledData data = DelimitedFile.Parse("1,2\n3,4\n5,6\n7,8\n");

        Action act = () => DataSplit.StratifiedTrainTestSplit(data, 0.5, 1);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("A stratified split needs class labels: load the data with DelimitedFileOptions.CategoricalColumn, or pass class indices. (Parameter 'data')");
    }

    [Fact]
    public void Stratified_SparseInputs_NamesTheInputs()
    {
        Action act = () => DataSplit.StratifiedTrainTestSplit(Matrix<double>.Build.Sparse(1, 4), Y(4), [0, 1, 0, 1], 0.5, 1);

        act.Should().ThrowExactly<ArgumentException>().WithMessage(DenseX);
    }

    [Fact]
    public void Stratified_NullTargets_IsRefusedByName()
    {
        Action act = () => DataSplit.StratifiedTrainTestSplit(X(4), null!, [0, 1, 0, 1], 0.5, 1);

        act.Should().ThrowExactly<ArgumentNullException>().Which.ParamName.Should().Be("y");
    }

    [Fact]
    public void Stratified_TiedRemainders_GoToTheSmallerClassIndices()
    {
        // Twenty classes of one sample each, T = round(0.25 × 20) = 5: every class gets ⌊5·1/20⌋ = 0 places with the
        // same remainder 5, so the five places go to classes 0 … 4 (the smaller index first on a tie), whatever the
        // permutation. Twenty entries are more than a sort handles by insertion alone, where ties would stay in order.
        int[] classes = Enumerable.Range(0, 20).ToArray();

        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            TrainTestSets sets = DataSplit.StratifiedTrainTestSplit(X(20), Y(20), classes, 0.25, seed);

            sets.TestClasses.Should().BeEquivalentTo(new[] { 0, 1, 2, 3, 4 }, $"seed {seed}");
            sets.TestIndices.Should().BeEquivalentTo(new[] { 0, 1, 2, 3, 4 }, $"seed {seed}");
        }
    }
}
