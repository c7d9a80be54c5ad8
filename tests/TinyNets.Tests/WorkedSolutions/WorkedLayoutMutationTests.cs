using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>
/// The layout of written solutions, exercises and batch gradients pinned whole in plain text: every heading, paragraph
/// and task, a Linear layer without bias (no "+ b" anywhere), an activation of one output (its entry written without an
/// index) and every activation's function name. The layout's words are specified text; the numbers are chosen so that
/// every result is exact and computed here by hand.
/// </summary>
public class WorkedLayoutMutationTests
{
    // z = W·x with W = [0.5, −0.25] and no bias, then σ: for x = (1, 2) (and any multiple of it) z = 0.5 − 0.5 = 0,
    // σ(0) = 0.5, σ′(0) = σ(0)·(1 − σ(0)) = 0.25.
    private static Sequential NoBiasSigmoidNet()
    {
        var net = new Sequential(new Linear(2, 1, bias: false), new Sigmoid());
        net.SetParameter("0.weight", new[,] { { 0.5, -0.25 } });
        return net;
    }

    /// <summary>Every supported activation once, between Linear layers with and without bias.</summary>
    private static Sequential EveryActivationNet()
    {
        var net = new Sequential(
            new Linear(2, 2), new LeakyReLU(), new Linear(2, 2, bias: false), new Tanh(), new Linear(2, 2), new Identity(),
            new Linear(2, 2), new Softplus(), new Linear(2, 1), new Sigmoid());
        net.SetParameter("0.weight", new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } });
        net.SetParameter("0.bias", new[] { 0.5, -0.5 });
        net.SetParameter("2.weight", new[,] { { 0.1, 0.2 }, { 0.3, 0.4 } });
        net.SetParameter("4.weight", new[,] { { 1.0, 0.0 }, { 0.0, 1.0 } });
        net.SetParameter("4.bias", new[] { 0.25, 0.75 });
        net.SetParameter("6.weight", new[,] { { -1.0, 1.0 }, { 1.0, -1.0 } });
        net.SetParameter("6.bias", new[] { 0.0, 0.0 });
        net.SetParameter("8.weight", new[,] { { 0.5, -0.5 } });
        net.SetParameter("8.bias", new[] { 1.0 });
        return net;
    }

    [Fact]
    public void Solution_LinearWithoutBias_AndSigmoidOfOneOutput_IsWrittenWhole()
    {
        // MSE of one output: L = (0.5 − 1)² = 0.25, ∂L/∂a1 = 2·(0.5 − 1) = −1; δ of layer 0 = −1·σ′(0) = −0.25;
        // ∂L/∂x = Wᵀ·(−0.25) = (−0.125, 0.0625); the chain for W[0,1]: (−1)·0.25·x₁ = −0.5; the step with η = 0.5:
        // −0.25 − 0.5·(−0.5) = 0.
        WorkedSolution s = WorkedSolution.Create(NoBiasSigmoidNet(), new[] { 1.0, 2.0 }, new[] { 1.0 }, new MseLoss(), 0.5, "0.weight", 0, 1);
        s.ToText().Should().Be("""
            Input: x = [1; 2]
            Target: y = [1]

            Forward pass
            Layer 0: Linear(in=2, out=1, bias=False)
              z0 = 0.weight·x
                 = [0.5, −0.25]·[1; 2]
                 = [0.5·1 + (−0.25)·2]
                 = [0]
            Layer 1: Sigmoid()
              a1 = σ(z0)
              a1 = σ(0) = 0.5,   σ′(0) = 0.25

            Loss: MseLoss(reduction=Mean)
              L = (a1 − y)²
                = (0.5 − 1)²
                = 0.25
              ∂L/∂a1 = [−1]

            Backward pass (δ = ∂L/∂output of each layer)
              ∂L/∂a1 = [−1]   (layer 1)
              ∂L/∂z0 = [−0.25]   (layer 0)
              ∂L/∂x = [−0.125; 0.0625]   (input)

            Chain rule for 0.weight[0,1] ("0.weight"[0, 1], one path to the loss)
              ∂L/∂0.weight[0,1] = ∂L/∂a1 · ∂a1/∂z0 · ∂z0/∂0.weight[0,1]
                                = (−1) · 0.25 · 2
                                = −0.5

            SGD step (θ ← θ − η·g)
              0.weight[0,1] ← 0.weight[0,1] − η·∂L/∂0.weight[0,1]
                            = −0.25 − 0.5·(−0.5)
                            = 0

            """);
    }

    [Fact]
    public void BatchGradient_IsWrittenWhole_WithItsLossHeading_TheSumOfTheTerms_AndTheStep()
    {
        // Two samples x = (1, 2) and (4, 8), both z = 0 and ŷ = 0.5; targets 1 and 0. MSE over 2 elements:
        // L = ½·((0.5 − 1)² + (0.5 − 0)²) = 0.25, ∂L/∂ŷᵢ = 2·(ŷᵢ − tᵢ)/2 = (−0.5, 0.5); the terms (−0.5)·0.25·2 = −0.25 and
        // 0.5·0.25·8 = 1, their sum 0.75; the step with η = 1: −0.25 − 1·0.75 = −1.
        WorkedBatchGradient g = WorkedBatchGradient.Create(
            NoBiasSigmoidNet(), [[1.0, 2.0], [4.0, 8.0]], [[1.0], [0.0]], new MseLoss(), 1.0, "0.weight", 0, 1);
        g.ToText().Should().Be("""
            2 samples, one column each:
              x = [1, 4; 2, 8]
              y = [1, 0]
              a1 = [0.5, 0.5]

            Loss: MseLoss(reduction=Mean)
              L = ½·Σᵢ (a1ᵢ − yᵢ)²
                = ½·((0.5 − 1)² + (0.5 − 0)²)
                = 0.25

            Gradient for 0.weight[0,1] over the samples ("0.weight"[0, 1])
              ∂L/∂0.weight[0,1] = Σᵢ ∂L/∂a1[i] · ∂a1[i]/∂z0[i] · ∂z0[i]/∂0.weight[0,1]
                                = ((−0.5) · 0.25 · 2)
                                + (0.5 · 0.25 · 8)
                                = (−0.25) + 1
                                = 0.75

            SGD step (θ ← θ − η·g, with the network's gradient)
              0.weight[0,1] ← 0.weight[0,1] − η·∂L/∂0.weight[0,1]
                            = −0.25 − 1·0.75
                            = −1

            """);
    }

    [Fact]
    public void Exercise_IsWrittenWhole_WithEveryActivationsName_AndALinearWithoutBias()
    {
        WorkedSolution s = WorkedSolution.Create(EveryActivationNet(), new[] { 1.0, -2.0 }, new[] { 1.0 }, new MseLoss(), 0.1, "2.weight", 1, 0);
        s.WriteExercise(WorkedFormat.Text).Should().Be("""

            Network
            Layer 0: Linear(in=2, out=2, bias=True)
              z0 = 0.weight·x + 0.bias
              0.weight = [1, 2; 3, 4]
              0.bias = [0.5; −0.5]
            Layer 1: LeakyReLU(negative_slope=0.01)
              a1 = LeakyReLU(z0)
            Layer 2: Linear(in=2, out=2, bias=False)
              z2 = 2.weight·a1
              2.weight = [0.1, 0.2; 0.3, 0.4]
            Layer 3: Tanh()
              a3 = tanh(z2)
            Layer 4: Linear(in=2, out=2, bias=True)
              z4 = 4.weight·a3 + 4.bias
              4.weight = [1, 0; 0, 1]
              4.bias = [0.25; 0.75]
            Layer 5: Identity()
              a5 = id(z4)
            Layer 6: Linear(in=2, out=2, bias=True)
              z6 = 6.weight·a5 + 6.bias
              6.weight = [−1, 1; 1, −1]
              6.bias = [0; 0]
            Layer 7: Softplus(beta=1, threshold=20)
              a7 = softplus(z6)
            Layer 8: Linear(in=2, out=1, bias=True)
              z8 = 8.weight·a7 + 8.bias
              8.weight = [0.5, −0.5]
              8.bias = [1]
            Layer 9: Sigmoid()
              a9 = σ(z8)

            Sample, loss and learning rate
            Input: x = [1; −2]
            Target: y = [1]
            Loss: MseLoss(reduction=Mean)
              L = (a9 − y)²
            Learning rate: η = 0.1

            Tasks
            1. Compute the forward pass: z0, a1, z2, a3, z4, a5, z6, a7, z8, a9.
            2. Compute the loss L.
            3. Backpropagate: compute ∂L/∂a9, ∂L/∂z8, ∂L/∂a7, ∂L/∂z6, ∂L/∂a5, ∂L/∂z4, ∂L/∂a3, ∂L/∂z2, ∂L/∂a1, ∂L/∂z0, ∂L/∂x.
            4. Write the chain rule for ∂L/∂2.weight[1,0] and evaluate every factor.
            5. Take one gradient-descent step: compute the new 2.weight[1,0].

            """);
    }

    [Fact]
    public void Exercise_LinearWithoutBias_WritesNoBiasTerm()
    {
        WorkedSolution s = WorkedSolution.Create(NoBiasSigmoidNet(), new[] { 1.0, 2.0 }, new[] { 1.0 }, new MseLoss(), 0.5, "0.weight", 0, 1);
        s.WriteExercise(WorkedFormat.Text).Should().StartWith("""

            Network
            Layer 0: Linear(in=2, out=1, bias=False)
              z0 = 0.weight·x
              0.weight = [0.5, −0.25]
            Layer 1: Sigmoid()
              a1 = σ(z0)

            Sample, loss and learning rate

            """);
    }
}
