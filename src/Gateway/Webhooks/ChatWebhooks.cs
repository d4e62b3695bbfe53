using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Webhooks;

public sealed record ChatWebhookOptions
{
    public const string Section = "ChatWebhooks";

    /// <summary>Where chat events are posted; none: off.</summary>
    public List<ChatWebhookEndpoint> Endpoints { get; init; } = [];

    /// <summary>How often each node looks for events to send.</summary>
    public int PollMilliseconds { get; init; } = 1000;

    /// <summary>The longest wait between attempts at an endpoint that keeps failing.</summary>
    public int MaxBackoffSeconds { get; init; } = 300;
}

public sealed record ChatWebhookEndpoint
{
    /// <summary>Names the endpoint's position in the event log (a setting); renaming it starts again from now.</summary>
    public string Name { get; init; } = string.Empty;

    public string Url { get; init; } = string.Empty;

    /// <summary>The HMAC-SHA256 key the receiver checks <c>X-LiveChat-Signature</c> with (32+ characters).</summary>
    public string Secret { get; init; } = string.Empty;

    /// <summary>The event types to send; empty: all of <see cref="ChatWebhooks.Types"/>.</summary>
    public List<string> Events { get; init; } = [];
}

/// <summary>
/// Signed outgoing webhooks for chat events (docs/helpdesk-apps.md): the chat events of the gateway's event log, in
/// order, in batches, signed like the ticket webhook; an endpoint's position in the log moves only after it answered 2xx.
/// </summary>
public static class ChatWebhooks
{
    public const string HttpClientName = "chat-webhooks";

    /// <summary>The events other tools follow a chat by: it started (queued, or with a bot), was assigned, transferred, ended or missed, and its messages.</summary>
    public static readonly string[] Types = ["chat.queued", "chat.bot", "chat.assigned", "chat.transfer.accepted", "chat.ended", "chat.missed", "chat.message"];

    public static IServiceCollection AddChatWebhooks(this IServiceCollection services)
    {
        services.AddOptions<ChatWebhookOptions>().BindConfiguration(ChatWebhookOptions.Section)
            .Validate(o => o.Endpoints.All(e => e.Name.Length is > 0 and <= 50 && e.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')),
                "ChatWebhooks:Endpoints:{n}:Name is required: letters, digits, - and _ (at most 50).")
            .Validate(o => o.Endpoints.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() == o.Endpoints.Count, "ChatWebhooks:Endpoints names must differ.")
            .Validate(o => o.Endpoints.All(e => Uri.TryCreate(e.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"),
                "ChatWebhooks:Endpoints:{n}:Url must be an absolute http(s) address.")
            .Validate(o => o.Endpoints.All(e => e.Secret.Length >= 32), "ChatWebhooks:Endpoints:{n}:Secret must be at least 32 characters long.")
            .Validate(o => o.Endpoints.All(e => e.Events.All(t => Types.Contains(t))), $"ChatWebhooks:Endpoints:{{n}}:Events may name only {string.Join(", ", Types)}.")
            .Validate(o => o.PollMilliseconds is >= 50 and <= 60_000 && o.MaxBackoffSeconds is >= 1 and <= 86_400, "ChatWebhooks:PollMilliseconds (50–60000) or MaxBackoffSeconds (1–86400) is out of range.")
            .ValidateOnStart();
        // No quick retries here: a failed batch stays at the endpoint's position and the relay's backoff sends it again.
        services.AddHttpClient(HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHostedService<ChatWebhookRelay>();
        return services;
    }

    /// <summary>The events of a page of the log this endpoint takes, in log order.</summary>
    public static IReadOnlyList<StoredEvent> Select(IEnumerable<StoredEvent> page, ChatWebhookEndpoint endpoint) =>
        [.. page.Where(e => endpoint.Events.Count == 0 ? Types.Contains(e.Type) : endpoint.Events.Contains(e.Type))];

    /// <summary>The body posted: the events with their data as the event stream shows it.</summary>
    public static byte[] Body(string deliveryId, IReadOnlyList<StoredEvent> events) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            deliveryId,
            events = events.Select(e => new { id = e.Id, type = e.Type, chatId = e.ChatId, at = e.CreatedAt, data = JsonDocument.Parse(e.Payload).RootElement }),
        });
}
