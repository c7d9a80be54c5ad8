namespace TinyNets.Tests.WorkedSolutions;

/// <summary>
/// The reviewed plain text of sheet 004's worked solution (exact numbers). Every number was checked against the
/// worked-numbers catalogue: x = (1, 2), y = −1 (S004); W¹x = (1, 1, 3) and z = (2, 2, −1) (S004-01, -02);
/// h = (2, 2, 0) (S004-03); ŷ = 2 (S004-04); L = ln(1 + e⁶) = 6.002475685137730 (S004-05); ∂L/∂ŷ = 3σ(6) =
/// 2.992582130530096 (S004-06); ∂L/∂z = ∂L/∂bʰ = (1.496291065265048, −2.992582130530096, 0) (S004-12), equal to ∂L/∂h
/// as ReLU′ = (1, 1, 0) and the third entry is 0 either way; ∂L/∂x = 3σ(6)·(0.5·0.2 − 0.8, 0.5·0.4 − 0.1) =
/// 3σ(6)·(−0.7, 0.1) by hand; the chain 3σ(6)·0.5·1·2 (S004-07…10); the update 0.4 − 0.1·3σ(6) = 0.1007417869469904
/// (S004-11; the round-trip text carries one more digit, 0.10074178694699037).
/// </summary>
internal static class Sheet004Snapshot
{
    public const string Text = """
        Input: x = [1; 2]
        Target: y = [−1]

        Forward pass
        Layer 0: Linear(in=2, out=3, bias=True)
          z = W¹·x + b¹
            = [0.2, 0.4; 0.8, 0.1; 2, 0.5]·[1; 2] + [1; 1; −4]
            = [0.2·1 + 0.4·2 + 1; 0.8·1 + 0.1·2 + 1; 2·1 + 0.5·2 + (−4)]
            = [2; 2; −1]
        Layer 1: ReLU()
          h = ReLU(z)
          h[0] = ReLU(2) = 2,   ReLU′(2) = 1
          h[1] = ReLU(2) = 2,   ReLU′(2) = 1
          h[2] = ReLU(−1) = 0,   ReLU′(−1) = 0
        Layer 2: Linear(in=3, out=1, bias=True)
          ŷ = W²·h + b²
            = [0.5, −1, 0]·[2; 2; 0] + [3]
            = [0.5·2 + (−1)·2 + 0·0 + 3]
            = [2]

        Loss: SoftplusLoss(reduction=Mean)
          L = ln(1 + exp((1 − 2·y)·ŷ))
            = ln(1 + exp((1 − 2·(−1))·2))
            = 6.00247568513773
          ∂L/∂ŷ = [2.992582130530096]

        Backward pass (δ = ∂L/∂output of each layer)
          ∂L/∂ŷ = [2.992582130530096]   (layer 2)
          ∂L/∂h = [1.496291065265048; −2.992582130530096; 0]   (layer 1)
          ∂L/∂z = [1.496291065265048; −2.992582130530096; 0]   (layer 0)
          ∂L/∂x = [−2.0948074913710677; 0.29925821305300965]   (input)

        Chain rule for W¹[0,1] ("0.weight"[0, 1], one path to the loss)
          ∂L/∂W¹[0,1] = ∂L/∂ŷ · ∂ŷ/∂h[0] · ∂h[0]/∂z[0] · ∂z[0]/∂W¹[0,1]
                      = 2.992582130530096 · 0.5 · 1 · 2
                      = 2.992582130530096

        SGD step (θ ← θ − η·g)
          W¹[0,1] ← W¹[0,1] − η·∂L/∂W¹[0,1]
                  = 0.4 − 0.1·2.992582130530096
                  = 0.10074178694699037

        """;
}
