using TinyNets.Training;

namespace TinyNets.Tests.Training;

public class TrainingHistoryMutationTests
{
    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    private static EpochReport Report(int epoch, double loss) => new(epoch, loss, null, NoMetrics, TimeSpan.FromSeconds(epoch));

    [Fact]
    public void Summary_OfOneEpoch_SaysEpochInTheSingular_AndTheBestEpochsTrainingLoss()
    {
        EpochReport only = Report(1, 0.25);
        new TrainingHistory([only], StopReason.Completed, 1, null).ToString()
            .Should().Be($"Completed after 1 epoch; best epoch 1 (loss 0.25); last: {only}");
    }

    [Fact]
    public void Summary_NamesTheBestEpochsOwnLoss_NotAnotherEpochs()
    {
        EpochReport first = Report(7, 0.5), second = Report(8, 0.125);
        new TrainingHistory([first, second], StopReason.EarlyStopped, 8, null).ToString()
            .Should().Be($"EarlyStopped after 2 epochs; best epoch 8 (loss 0.125); last: {second}");
    }

    [Fact]
    public void Summary_OfABestEpochFromAnEarlierRun_SaysSo()
    {
        EpochReport first = Report(11, 0.5), second = Report(12, 0.75);
        new TrainingHistory([first, second], StopReason.EarlyStopped, 10, null).ToString()
            .Should().Be($"EarlyStopped after 2 epochs; best epoch 10 (an earlier run's); last: {second}");
    }
}
