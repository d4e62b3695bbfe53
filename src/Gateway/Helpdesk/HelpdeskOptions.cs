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

    /// <summary>How long the visitor panel's tickets from the helpdesk are kept before it is asked again.</summary>
    [Range(1, 3600)]
    public int TicketsCacheSeconds { get; init; } = 60;

    /// <summary>How long the visitor panel waits for the helpdesk's tickets before it says the helpdesk is unavailable.</summary>
    [Range(1, 60)]
    public int TicketsTimeoutSeconds { get; init; } = 5;

    /// <summary>Origins other than the gateway's own that serve the console or its embed page and call the API (CORS).</summary>
    public string[] CorsOrigins { get; init; } = [];
}
