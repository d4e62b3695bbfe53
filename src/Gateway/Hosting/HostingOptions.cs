namespace LiveChat.Gateway.Hosting;

public sealed record HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>The largest request body accepted anywhere unless an endpoint says otherwise.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>The gateway's public base address, used in links (tickets, stream URLs) when set.</summary>
    public string? PublicBaseUrl { get; init; }
}
