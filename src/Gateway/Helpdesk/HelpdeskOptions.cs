using System.ComponentModel.DataAnnotations;

namespace LiveChat.Gateway.Helpdesk;

public sealed record HelpdeskOptions
{
    public const string Section = "Helpdesk";

    /// <summary>How long a one-time embed URL may wait to be opened.</summary>
    [Range(10, 600)]
    public int EmbedUrlSeconds { get; init; } = 60;

    /// <summary>The lifetime of the operator token the embed page gets for its one-time URL.</summary>
    [Range(1, 8 * 60)]
    public int EmbedTokenMinutes { get; init; } = 30;

    /// <summary>Origins other than the gateway's own that serve the console or its embed page and call the API (CORS).</summary>
    public string[] CorsOrigins { get; init; } = [];
}
