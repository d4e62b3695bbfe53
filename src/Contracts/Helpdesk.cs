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

/// <summary>Connect a helpdesk: <c>kind</c> is zendesk, zohodesk or freshdesk; it starts off.</summary>
public sealed record HelpdeskInstallationCreate(
    string Kind, string Name, IReadOnlyList<string>? FrameAncestors, string? ZendeskAudience = null, string? ZendeskPublicKey = null, bool TrustAgentEmail = false);

/// <summary>An installation's settings, all of them: what is left out is cleared, except a Zendesk public key, which is kept (the API never shows it).</summary>
public sealed record HelpdeskInstallationUpdate(
    string Name, bool Enabled, IReadOnlyList<string>? FrameAncestors, string? ZendeskAudience = null, string? ZendeskPublicKey = null, bool TrustAgentEmail = false);

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

/// <summary>
/// A visitor's recent tickets in the configured helpdesk: <c>Helpdesk</c> is its name (null: none is configured),
/// <c>Unavailable</c> why it could not be asked (down, slow, refusing), and then <c>Tickets</c> is empty.
/// </summary>
public sealed record HelpdeskTicketsView(string? Helpdesk, string? Unavailable, IReadOnlyList<HelpdeskTicketView> Tickets);

/// <summary>A ticket as the helpdesk has it, with the address an agent opens it at.</summary>
public sealed record HelpdeskTicketView(string Id, string Subject, string? Status, DateTimeOffset? UpdatedAt, string Url);
