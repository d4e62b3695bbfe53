namespace LiveChat.Gateway.Webhooks;

/// <summary>
/// Outgoing chat-event webhooks (section <c>Webhooks</c>): each subscription receives the chat events it names as signed
/// POSTs, in order, retried with backoff. Configuration rather than an admin API: receivers and their secrets are
/// deployment settings, kept with the ticket webhook's in the same place (environment, secrets store).
/// </summary>
public sealed record WebhookOptions
{
    public const string Section = "Webhooks";

    public IReadOnlyList<WebhookSubscription> Subscriptions { get; init; } = [];

    /// <summary>Attempts per event before it is given up (logged, and the subscription moves on).</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>The first retry's delay; each next one doubles it (with jitter), up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryBaseSeconds { get; init; } = 2;

    public double RetryMaxSeconds { get; init; } = 900;

    /// <summary>How long one POST may take before it counts as a timeout (and is retried).</summary>
    public double TimeoutSeconds { get; init; } = 10;

    /// <summary>How often the relay looks for new events in the log.</summary>
    public double PollSeconds { get; init; } = 0.5;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);
}

/// <summary>One receiver: its <see cref="Name"/> keys its position in the event log, so renaming it starts it afresh.</summary>
public sealed record WebhookSubscription
{
    public string? Name { get; init; }
    public string? Url { get; init; }
    public string? Secret { get; init; }

    /// <summary>Event types from <see cref="ChatWebhookEvents.All"/>, or <c>*</c> for all of them.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    public bool Wants(string type) => Events.Contains("*") || Events.Contains(type);
}

/// <summary>Start-up checks; messages name the setting and never echo a secret.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    private const int MinSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        if (options.MaxAttempts is < 1 or > 100)
        {
            errors.Add("Webhooks:MaxAttempts must be between 1 and 100.");
        }

        if (options.RetryBaseSeconds is < 0.01 or > 3600 || options.RetryMaxSeconds < options.RetryBaseSeconds)
        {
            errors.Add("Webhooks:RetryBaseSeconds must be between 0.01 and 3600, and Webhooks:RetryMaxSeconds at least as long.");
        }

        if (options.TimeoutSeconds is < 0.1 or > 300)
        {
            errors.Add("Webhooks:TimeoutSeconds must be between 0.1 and 300.");
        }

        if (options.PollSeconds is < 0.05 or > 3600)
        {
            errors.Add("Webhooks:PollSeconds must be between 0.05 and 3600.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Subscriptions.Count; i++)
        {
            var s = options.Subscriptions[i];
            var at = $"Webhooks:Subscriptions:{i}";
            if (string.IsNullOrWhiteSpace(s.Name))
            {
                errors.Add($"{at}:Name is required (it keys the subscription's position in the event log).");
            }
            else if (!names.Add(s.Name))
            {
                errors.Add($"{at}:Name '{s.Name}' is used by another subscription.");
            }

            if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{at}:Url must be an absolute http(s) URL.");
            }

            if (string.IsNullOrEmpty(s.Secret) || s.Secret.Length < MinSecretLength)
            {
                errors.Add($"{at}:Secret is required and must be at least {MinSecretLength} characters.");
            }

            if (s.Events.Count == 0)
            {
                errors.Add($"{at}:Events must list at least one event type ({string.Join(", ", ChatWebhookEvents.All)}) or '*'.");
            }

            foreach (var type in s.Events.Where(t => t != "*" && !ChatWebhookEvents.All.Contains(t)))
            {
                errors.Add($"{at}:Events: '{type}' is not an event type; use {string.Join(", ", ChatWebhookEvents.All)} or '*'.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class WebhooksRegistration
{
    public const string HttpClientName = "webhooks";

    /// <summary>The outgoing chat-event webhooks: options checked at start-up, the relay, and its HTTP client.</summary>
    public static IHostApplicationBuilder AddChatWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        // No in-process retry policy: the relay retries durably (the event stays at the cursor) and bounds each attempt itself.
        services.AddHttpClient(HttpClientName, c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan);
        services.AddHostedService<WebhookRelay>();
        return builder;
    }
}
