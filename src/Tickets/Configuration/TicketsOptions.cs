namespace LiveChat.Tickets;

/// <summary>Section <c>Tickets</c>: which helpdesk gets the tickets, and how hard to try.</summary>
public sealed record TicketsOptions
{
    public const string Section = "Tickets";

    /// <summary><c>ZohoDesk</c>, <c>Zendesk</c>, <c>Freshdesk</c>, <c>Webhook</c>, or empty for none.</summary>
    public string? Provider { get; init; }

    /// <summary>Backed-off failures (helpdesk down, throttled, or a request failing alone) before a ticket request is <c>failed</c>; quick retries while the helpdesk answers other requests do not count.</summary>
    public int MaxAttempts { get; init; } = 12;

    /// <summary>Timeout of each HTTP call to the helpdesk.</summary>
    public int AttemptTimeoutSeconds { get; init; } = 30;

    public ZohoDeskOptions ZohoDesk { get; init; } = new();
    public ZendeskOptions Zendesk { get; init; } = new();
    public FreshdeskOptions Freshdesk { get; init; } = new();
    public TicketWebhookOptions Webhook { get; init; } = new();

    /// <summary>True when a provider is selected and a sink is registered.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Provider);
}

/// <summary>Section <c>Tickets:ZohoDesk</c>.</summary>
public sealed record ZohoDeskOptions
{
    public string BaseUrl { get; init; } = "https://desk.zoho.com";
    public string AccountsUrl { get; init; } = "https://accounts.zoho.com";
    public string? OrgId { get; init; }

    /// <summary>The Zoho department for chats whose department is not in <see cref="Departments"/>.</summary>
    public string? DepartmentId { get; init; }

    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public string? RefreshToken { get; init; }

    /// <summary>Optional: gateway department id → Zoho department id.</summary>
    public Dictionary<string, string> Departments { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Optional: API name of a ticket custom field (e.g. <c>cf_livechat_reference</c>) that stores our reference and is searched after an ambiguous attempt.</summary>
    public string? ReferenceField { get; init; }
}

/// <summary>Section <c>Tickets:Zendesk</c>.</summary>
public sealed record ZendeskOptions
{
    /// <summary>e.g. <c>https://acme.zendesk.com</c>.</summary>
    public string? BaseUrl { get; init; }
    public string? Email { get; init; }
    public string? ApiToken { get; init; }
}

/// <summary>Section <c>Tickets:Freshdesk</c>.</summary>
public sealed record FreshdeskOptions
{
    /// <summary>e.g. <c>https://acme.freshdesk.com</c>.</summary>
    public string? BaseUrl { get; init; }
    public string? ApiKey { get; init; }
}

/// <summary>Section <c>Tickets:Webhook</c>.</summary>
public sealed record TicketWebhookOptions
{
    public string? Url { get; init; }

    /// <summary>HMAC-SHA256 key of the <c>X-LiveChat-Signature</c> header.</summary>
    public string? Secret { get; init; }
}

/// <summary>The provider names of <see cref="TicketsOptions.Provider"/>.</summary>
public static class TicketProviders
{
    public const string ZohoDesk = "ZohoDesk";
    public const string Zendesk = "Zendesk";
    public const string Freshdesk = "Freshdesk";
    public const string Webhook = "Webhook";

    public static readonly IReadOnlyList<string> All = [ZohoDesk, Zendesk, Freshdesk, Webhook];

    /// <summary>The canonical name, "" for none, null for an unknown name.</summary>
    public static string? Normalise(string? provider) =>
        string.IsNullOrWhiteSpace(provider)
            ? ""
            : All.FirstOrDefault(p => string.Equals(p, provider.Trim(), StringComparison.OrdinalIgnoreCase));
}
