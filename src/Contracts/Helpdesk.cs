namespace LiveChat.Contracts;

/// <summary>A helpdesk connected to the gateway (Zendesk, Zoho Desk or Freshdesk) as the admin API shows it; never its key.</summary>
public sealed record HelpdeskInstallationView(
    string Id,
    string Kind,
    string Name,
    bool Enabled,
    IReadOnlyList<string> FrameAncestors,
    string? ZendeskAudience,
    bool ZendeskPublicKeyConfigured,
    bool TrustAgentEmail,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>An installation just created (or its key just replaced): the key is shown this once.</summary>
public sealed record HelpdeskInstallationKey(HelpdeskInstallationView Installation, string Key);

/// <summary>What a helpdesk app asks for: a one-time URL of the embed page for this agent and this customer.</summary>
public sealed record EmbedSessionRequest(
    string InstallationId, string AgentEmail, string? RequesterEmail, string? RequesterPhone, string? RequesterName = null, string? TicketId = null);

public sealed record EmbedSessionResponse(string Url, DateTimeOffset ExpiresAt);

/// <summary>The embed page trades the one-time code of its URL for a short-lived operator token.</summary>
public sealed record EmbedExchangeRequest(string Code);

/// <summary>The customer the embed page shows, as the helpdesk named them.</summary>
public sealed record EmbedCustomer(string? Email, string? Phone, string? Name, string? TicketId);

public sealed record EmbedExchangeResponse(
    string AccessToken, string TokenType, int ExpiresIn, OperatorView Operator, EmbedCustomer Customer, string HelpdeskKind);
