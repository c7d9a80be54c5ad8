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

    /// <summary>The same solution as Markdown with TeX math (exact numbers): the numbers are those of <see cref="Text"/>,
    /// the names TeX's (W¹[0,1] → W^{1}_{0,1}, ŷ → \hat{y}), the formulas in <c>$$</c> blocks of <c>aligned</c>.</summary>
    public const string Markdown = """
        Input: $x = \begin{bmatrix}1 & 2\end{bmatrix}^\top$

        Target: $y = \begin{bmatrix}-1\end{bmatrix}$

        ### Forward pass

        Layer 0: `Linear(in=2, out=3, bias=True)`

        $$
        \begin{aligned}
        z &= W^{1} \cdot x + b^{1} \\
         &= \begin{bmatrix}0.2 & 0.4 \\ 0.8 & 0.1 \\ 2 & 0.5\end{bmatrix} \cdot \begin{bmatrix}1 \\ 2\end{bmatrix} + \begin{bmatrix}1 \\ 1 \\ -4\end{bmatrix} \\
         &= \begin{bmatrix}0.2 \cdot 1 + 0.4 \cdot 2 + 1 \\ 0.8 \cdot 1 + 0.1 \cdot 2 + 1 \\ 2 \cdot 1 + 0.5 \cdot 2 + (-4)\end{bmatrix} \\
         &= \begin{bmatrix}2 \\ 2 \\ -1\end{bmatrix}
        \end{aligned}
        $$

        Layer 1: `ReLU()`

        $$
        \begin{aligned}
        h &= \operatorname{ReLU}(z) \\
        h_{0} &= \operatorname{ReLU}(2) = 2,\quad \operatorname{ReLU}'(2) = 1 \\
        h_{1} &= \operatorname{ReLU}(2) = 2,\quad \operatorname{ReLU}'(2) = 1 \\
        h_{2} &= \operatorname{ReLU}(-1) = 0,\quad \operatorname{ReLU}'(-1) = 0
        \end{aligned}
        $$

        Layer 2: `Linear(in=3, out=1, bias=True)`

        $$
        \begin{aligned}
        \hat{y} &= W^{2} \cdot h + b^{2} \\
         &= \begin{bmatrix}0.5 & -1 & 0\end{bmatrix} \cdot \begin{bmatrix}2 \\ 2 \\ 0\end{bmatrix} + \begin{bmatrix}3\end{bmatrix} \\
         &= \begin{bmatrix}0.5 \cdot 2 + (-1) \cdot 2 + 0 \cdot 0 + 3\end{bmatrix} \\
         &= \begin{bmatrix}2\end{bmatrix}
        \end{aligned}
        $$

        ### Loss: `SoftplusLoss(reduction=Mean)`

        $$
        \begin{aligned}
        L &= \ln\left(1 + \exp\left((1 - 2 \cdot y) \cdot \hat{y}\right)\right) \\
         &= \ln\left(1 + \exp\left((1 - 2 \cdot (-1)) \cdot 2\right)\right) \\
         &= 6.00247568513773 \\
        \frac{\partial L}{\partial \hat{y}} &= \begin{bmatrix}2.992582130530096\end{bmatrix}
        \end{aligned}
        $$

        ### Backward pass ($\delta = \partial L/\partial \mathrm{output}$ of each layer)

        $$
        \begin{aligned}
        \frac{\partial L}{\partial \hat{y}} &= \begin{bmatrix}2.992582130530096\end{bmatrix} &&\text{(layer 2)} \\
        \frac{\partial L}{\partial h} &= \begin{bmatrix}1.496291065265048 \\ -2.992582130530096 \\ 0\end{bmatrix} &&\text{(layer 1)} \\
        \frac{\partial L}{\partial z} &= \begin{bmatrix}1.496291065265048 \\ -2.992582130530096 \\ 0\end{bmatrix} &&\text{(layer 0)} \\
        \frac{\partial L}{\partial x} &= \begin{bmatrix}-2.0948074913710677 \\ 0.29925821305300965\end{bmatrix} &&\text{(input)}
        \end{aligned}
        $$

        ### Chain rule for $W^{1}_{0,1}$ (`"0.weight"[0, 1]`, one path to the loss)

        $$
        \begin{aligned}
        \frac{\partial L}{\partial W^{1}_{0,1}} &= \frac{\partial L}{\partial \hat{y}} \cdot \frac{\partial \hat{y}}{\partial h_{0}} \cdot \frac{\partial h_{0}}{\partial z_{0}} \cdot \frac{\partial z_{0}}{\partial W^{1}_{0,1}} \\
         &= 2.992582130530096 \cdot 0.5 \cdot 1 \cdot 2 \\
         &= 2.992582130530096
        \end{aligned}
        $$

        ### SGD step ($\theta \leftarrow \theta - \eta \cdot g$)

        $$
        \begin{aligned}
        W^{1}_{0,1} &\leftarrow W^{1}_{0,1} - \eta \cdot \partial L/\partial W^{1}_{0,1} \\
         &= 0.4 - 0.1 \cdot 2.992582130530096 \\
         &= 0.10074178694699037
        \end{aligned}
        $$


        """;
}
