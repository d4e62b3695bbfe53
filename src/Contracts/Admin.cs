namespace LiveChat.Contracts;

/// <summary>What configuration decides, as GET /api/v1/admin/overview shows it: names, switches and addresses, never a secret.</summary>
public sealed record ConfigurationOverview(
    IReadOnlyList<ChannelSetting> Channels,
    IReadOnlyList<BotSetting> Bots,
    HelpdeskSetting Helpdesk,
    SummarySetting Summaries,
    TimerSettings Timers,
    IReadOnlyList<WebhookSetting> Webhooks);

/// <summary>One channel; <c>Secrets</c> names the secret settings and whether each is set (never their values).</summary>
public sealed record ChannelSetting(string Channel, string Name, bool Enabled, IReadOnlyList<string> Details, IReadOnlyList<SecretSetting> Secrets);

/// <summary>A bot and the chats it answers first (a department and/or channels), with how it authenticates.</summary>
public sealed record BotSetting(string Name, string? Endpoint, string Authentication, string? DepartmentId, IReadOnlyList<string> Channels, IReadOnlyList<string> HumanKeywords);

public sealed record HelpdeskSetting(string? Provider, string? Target, int MaxAttempts, int AttemptTimeoutSeconds, IReadOnlyList<SecretSetting> Secrets);

/// <summary>The summariser; automatic summaries are made on these triggers whatever the provider.</summary>
public sealed record SummarySetting(string Provider, string? Model, string? Endpoint, IReadOnlyList<string> AutomaticOn, IReadOnlyList<SecretSetting> Secrets);

public sealed record TimerSettings(
    int MissedAfterSeconds,
    int IdleEndAfterMinutes,
    int TransferTimeoutSeconds,
    int InviteTimeoutSeconds,
    int OfferTimeoutSeconds,
    int SweepIntervalMilliseconds,
    int OperatorTokenLifetimeMinutes);

/// <summary>An outgoing chat-event webhook: its name, address (no user info or query) and the event types it receives.</summary>
public sealed record WebhookSetting(string Name, string? Url, IReadOnlyList<string> Events, SecretSetting Secret);

/// <summary>A secret setting by its configuration key, and whether it has a value.</summary>
public sealed record SecretSetting(string Setting, bool Set);

// Bodies of the admin screens' calls; the gateway's own request records carry the same names and fields.

public sealed record DepartmentRequest(string Name, bool? IsDefault = null);

public sealed record DepartmentRoutingView(string DepartmentId, string Mode);

public sealed record DepartmentRoutingRequest(string Mode);

public sealed record OperatorRequest(
    string Name,
    string Email,
    string? Password,
    string Role,
    IReadOnlyList<string> DepartmentIds,
    int MaxConcurrentChats,
    string Language,
    bool? Disabled = null);

public sealed record CannedRequest(string Shortcut, string Text, string? DepartmentId, string? CategoryId);

public sealed record CategoryRequest(string Name, string? DepartmentId);
