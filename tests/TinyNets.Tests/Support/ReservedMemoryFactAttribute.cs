using System.Runtime.InteropServices;

namespace TinyNets.Tests.Support;

/// <summary>
/// A fact that reserves 2 GiB of unmanaged memory it never touches beyond its first pages (Linux and macOS reserve
/// such memory without committing it); skipped, not passed, where the process cannot reserve it.
/// </summary>
public sealed class ReservedMemoryFactAttribute : FactAttribute
{
    /// <summary>Skips the test when a 2 GiB reservation fails.</summary>
    public ReservedMemoryFactAttribute()
    {
        try
        {
            Marshal.FreeHGlobal(Marshal.AllocHGlobal((nint)int.MaxValue));
        }
        catch (OutOfMemoryException)
        {
            Skip = "This process cannot reserve 2 GiB of unmanaged memory.";
        }
    }
}
