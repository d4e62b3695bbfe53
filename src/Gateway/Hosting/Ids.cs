namespace LiveChat.Gateway.Hosting;

/// <summary>Opaque, time-ordered ids with a short prefix that says what they name.</summary>
public static class Ids
{
    public static string New(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";
}
