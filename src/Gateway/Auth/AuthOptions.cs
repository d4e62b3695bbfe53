using System.ComponentModel.DataAnnotations;

namespace LiveChat.Gateway.Auth;

public sealed record AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HMAC key for the tokens this gateway issues (32+ characters). When empty, one is generated once and kept in the database.</summary>
    public string? SigningKey { get; init; }

    public string Issuer { get; init; } = "livechat-gateway";

    public string Audience { get; init; } = "livechat-operators";

    [Range(1, 7 * 24 * 60)]
    public int TokenLifetimeMinutes { get; init; } = 8 * 60;

    /// <summary>Sign-in attempts allowed per client address per minute.</summary>
    [Range(1, 1_000_000)]
    public int LoginAttemptsPerMinute { get; init; } = 20;

    /// <summary>
    /// How long a node trusts what it last read of an operator's role and disabled flag. A change made through this
    /// node applies to its next request at once; other nodes see it within this many seconds.
    /// </summary>
    [Range(0, 300)]
    public int OperatorCheckSeconds { get; init; } = 5;

    /// <summary>An identity provider whose tokens are trusted too (an operator is found by the token's email).</summary>
    public ExternalIssuerOptions External { get; init; } = new();
}

public sealed record ExternalIssuerOptions
{
    /// <summary>The issuer's OpenID Connect authority (its discovery document and keys are read from there). Empty: off.</summary>
    public string? Authority { get; init; }

    /// <summary>The audience the issuer's tokens must carry.</summary>
    public string? Audience { get; init; }

    /// <summary>The claim holding the operator's email.</summary>
    public string EmailClaim { get; init; } = "email";

    /// <summary>Whether the authority must be HTTPS (turn off only for a local test issuer).</summary>
    public bool RequireHttpsMetadata { get; init; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

public sealed record BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? AdminEmail { get; init; }

    public string? AdminPassword { get; init; }

    public string AdminName { get; init; } = "Administrator";

    public string DefaultDepartmentName { get; init; } = "General";
}

public static class Roles
{
    public const string Agent = "agent";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";

    public static bool IsValid(string? role) => role is Agent or Supervisor or Admin;
}

public static class Policies
{
    public const string Operator = "operator";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";
}
