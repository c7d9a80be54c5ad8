namespace TinyNets.Serialization;

/// <summary>
/// The element types of a safetensors file that TinyNets reads (all four) and writes (<see cref="F64"/> and
/// <see cref="F32"/>). Values are little-endian in the file; every one of them is widened exactly to a double.
/// </summary>
public enum SafetensorsDType
{
    /// <summary>IEEE 754 binary64 (<c>"F64"</c>, PyTorch's <c>torch.float64</c>): 8 bytes, exact.</summary>
    F64,

    /// <summary>IEEE 754 binary32 (<c>"F32"</c>, <c>torch.float32</c>): 4 bytes; written as <c>(float)value</c>, rounded to nearest even.</summary>
    F32,

    /// <summary>IEEE 754 binary16 (<c>"F16"</c>, <c>torch.float16</c>): 2 bytes; read only.</summary>
    F16,

    /// <summary>bfloat16 (<c>"BF16"</c>, <c>torch.bfloat16</c>): the high 16 bits of a binary32; 2 bytes; read only.</summary>
    BF16,
}
