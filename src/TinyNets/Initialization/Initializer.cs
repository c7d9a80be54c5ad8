namespace TinyNets.Initialization;

/// <summary>How a <see cref="Layers.Linear"/> layer draws its initial weights. Every scheme uses uniform draws,
/// so the same seed gives bit-identical numbers on every OS and runtime.</summary>
public enum Initializer
{
    /// <summary>PyTorch's default for <c>nn.Linear</c>: weight and bias from U(−1/√fan_in, 1/√fan_in).</summary>
    PyTorchDefault = 0,

    /// <summary>Glorot (Xavier) uniform: weight from U(−a, a) with a = √(6 / (fan_in + fan_out)); bias zero.</summary>
    GlorotUniform = 1,

    /// <summary>He (Kaiming) uniform for ReLU: weight from U(−a, a) with a = √(6 / fan_in); bias zero.</summary>
    HeUniform = 2,
}
