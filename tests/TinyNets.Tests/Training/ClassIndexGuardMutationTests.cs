using TinyNets.Training;

namespace TinyNets.Tests.Training;

public class ClassIndexGuardMutationTests
{
    [Fact]
    public void OneOutputNetwork_WithAOneRowTargetMatrix_IsNotTakenForClassIndices()
    {
        // One output and one row of targets agree: the row-of-class-indices slip needs two outputs or more.
        var net = new Sequential(new Linear(2, 1)).Initialize(seed: 2);
        var x = Matrix<double>.Build.Dense(2, 4, (i, j) => i - j);
        var y = Matrix<double>.Build.Dense(1, 4, 1.0);
        FluentActions.Invoking(() => net.Fit(x, y, new CrossEntropyLoss(), new Sgd(net, 0.1), new FitOptions { Epochs = 1 }))
            .Should().NotThrow();
    }
}
