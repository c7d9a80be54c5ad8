using System;

namespace TinyNets.Serialization;

/// <summary>The file names and sizes of the <see cref="SafetensorsDType"/> values.</summary>
internal static class SafetensorsDTypes
{
    public const string Supported = "F64, F32, F16 or BF16";

    public static int Size(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 => 8,
        SafetensorsDType.F32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype."),
    };

    // The names are the file's own, case-sensitive ("F32", never "f32"), as the reference reader requires.
    public static bool TryParse(string name, out SafetensorsDType dtype)
    {
        switch (name)
        {
            case "F64": dtype = SafetensorsDType.F64; return true;
            case "F32": dtype = SafetensorsDType.F32; return true;
            case "F16": dtype = SafetensorsDType.F16; return true;
            case "BF16": dtype = SafetensorsDType.BF16; return true;
            default: dtype = default; return false;
        }
    }
}
