using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FluentValidation;
using LiveChat.Gateway.Auth;
using CreateRequest = LiveChat.Contracts.HelpdeskInstallationCreate;
using UpdateRequest = LiveChat.Contracts.HelpdeskInstallationUpdate;

namespace LiveChat.Gateway.Helpdesk;

/// <summary>
/// The admin API for helpdesk installations: one per helpdesk account whose app opens the embed page. An installation
/// starts off; its key is shown once (at creation and when replaced) and kept only as a SHA-256 hash.
/// </summary>
public static partial class HelpdeskInstallations
{
    public static readonly string[] Kinds = ["zendesk", "zohodesk", "freshdesk"];

    public sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator()
        {
            RuleFor(r => r.Kind).Must(k => Kinds.Contains(k)).WithMessage("'kind' must be one of zendesk, zohodesk, freshdesk.");
            RuleFor(r => r.ZendeskPublicKey).Null().When(r => r.Kind != "zendesk").WithMessage("Only a zendesk installation takes 'zendeskPublicKey'.");
            RuleFor(r => r.ZendeskAudience).Null().When(r => r.Kind != "zendesk").WithMessage("Only a zendesk installation takes 'zendeskAudience'.");
            Include(new SettingsRules<CreateRequest>(r => r.Name, r => r.FrameAncestors ?? Array.Empty<string>(), r => r.ZendeskAudience, r => r.ZendeskPublicKey));
        }
    }

    public sealed class UpdateValidator : AbstractValidator<UpdateRequest>
    {
        public UpdateValidator() =>
            Include(new SettingsRules<UpdateRequest>(r => r.Name, r => r.FrameAncestors ?? Array.Empty<string>(), r => r.ZendeskAudience, r => r.ZendeskPublicKey));
    }

    private sealed class SettingsRules<T> : AbstractValidator<T>
    {
        public SettingsRules(
            System.Linq.Expressions.Expression<Func<T, string>> name,
            System.Linq.Expressions.Expression<Func<T, IEnumerable<string>>> ancestors,
            System.Linq.Expressions.Expression<Func<T, string?>> audience,
            System.Linq.Expressions.Expression<Func<T, string?>> publicKey)
        {
            RuleFor(name).NotEmpty().MaximumLength(100);
            RuleFor(ancestors).NotEmpty().OverridePropertyName("frameAncestors").WithMessage("'frameAncestors' must name at least one origin allowed to frame the embed page (the helpdesk's, e.g. https://acme.zendesk.com).")
                .Must(a => a.Count() <= 20).WithMessage("'frameAncestors' may name at most 20 origins.");
            RuleForEach(ancestors).Must(IsFrameAncestor).OverridePropertyName("frameAncestors")
                .WithMessage("Each of 'frameAncestors' must be an origin such as https://acme.zendesk.com or https://*.zohodesk.com (scheme, host, optional port; no path).");
            RuleFor(audience).MaximumLength(500);
            RuleFor(publicKey).MaximumLength(10_000).Must(key => key is null || IsRsaPublicKey(key))
                .WithMessage("'zendeskPublicKey' must be the app's RSA public key in PEM form (-----BEGIN PUBLIC KEY-----).");
            var keyOf = publicKey.Compile();
            RuleFor(audience).NotEmpty().When(r => keyOf(r) is not null)
                .WithMessage("'zendeskAudience' is required with 'zendeskPublicKey': the gateway checks the JWT's audience against it.");
        }
    }

    public static bool IsFrameAncestor(string? origin) => origin is { Length: <= 200 } && FrameAncestor().IsMatch(origin);

    private static bool IsRsaPublicKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    public static IEndpointRouteBuilder MapHelpdeskInstallations(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/helpdesk/installations").WithTags("Helpdesk").RequireAuthorization(Policies.Admin);
        group.MapGet("/", ListAsync).WithName("ListHelpdeskInstallations").WithSummary("The helpdesk installations (never their keys).");
        group.MapPost("/", CreateAsync).Validate<CreateRequest>().WithName("CreateHelpdeskInstallation")
            .WithSummary("Connect a helpdesk (zendesk, zohodesk, freshdesk): it starts off, and its key is in this answer only.");
        group.MapPut("/{id}", UpdateAsync).Validate<UpdateRequest>().WithName("UpdateHelpdeskInstallation")
            .WithSummary("Rename, turn on or off, set the frame ancestors, whether the agent email the app names is trusted (and for Zendesk the app's audience and public key; a public key left out is kept).");
        group.MapPost("/{id}/key", ReplaceKeyAsync).WithName("ReplaceHelpdeskInstallationKey")
            .WithSummary("A new key for the installation (shown once); the old one stops working at once.");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteHelpdeskInstallation");
        return api;
    }

    private static async Task<Ok<List<HelpdeskInstallationView>>> ListAsync(Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InstallationRow>(new CommandDefinition(
            $"SELECT {InstallationRow.Columns} FROM helpdesk_installations ORDER BY created_at", cancellationToken: cancellationToken));
        return TypedResults.Ok(rows.Select(r => r.ToView()).ToList());
    }

    private static async Task<Created<HelpdeskInstallationKey>> CreateAsync(CreateRequest request, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = NewKey();
        var row = new InstallationRow
        {
            Id = Ids.New("hdi"),
            Kind = request.Kind,
            Name = request.Name.Trim(),
            Enabled = false,
            KeyHash = Hash(key),
            FrameAncestors = string.Join('\n', request.FrameAncestors!),
            ZendeskAudience = request.ZendeskAudience,
            ZendeskPublicKey = request.ZendeskPublicKey,
            TrustAgentEmail = request.TrustAgentEmail,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO helpdesk_installations (id, kind, name, enabled, key_hash, frame_ancestors, zendesk_audience, zendesk_public_key, trust_agent_email, created_at, updated_at)
            VALUES (@Id, @Kind, @Name, @Enabled, @KeyHash, @FrameAncestors, @ZendeskAudience, @ZendeskPublicKey, @TrustAgentEmail, @CreatedAt, @UpdatedAt)
            """,
            row,
            cancellationToken: cancellationToken));
        return TypedResults.Created($"/api/v1/helpdesk/installations/{row.Id}", new HelpdeskInstallationKey(row.ToView(), key));
    }

    private static async Task<Results<Ok<HelpdeskInstallationView>, ProblemHttpResult, ValidationProblem>> UpdateAsync(
        string id, UpdateRequest request, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await FindAsync(connection, id, cancellationToken);
        if (row is null)
        {
            return ProblemDetailsBody.NotFound("helpdesk installation", id);
        }

        if (row.Kind != "zendesk" && (request.ZendeskAudience is not null || request.ZendeskPublicKey is not null))
        {
            return ProblemDetailsBody.Invalid("zendeskPublicKey", "Only a zendesk installation takes 'zendeskAudience' and 'zendeskPublicKey'.");
        }

        if (request.ZendeskPublicKey is null && row.ZendeskPublicKey is not null && string.IsNullOrWhiteSpace(request.ZendeskAudience))
        {
            return ProblemDetailsBody.Invalid("zendeskAudience", "'zendeskAudience' is required while the installation has a Zendesk public key: the gateway checks the JWT's audience against it.");
        }

        row = row with
        {
            Name = request.Name.Trim(),
            Enabled = request.Enabled,
            FrameAncestors = string.Join('\n', request.FrameAncestors!),
            ZendeskAudience = request.ZendeskAudience,
            ZendeskPublicKey = request.ZendeskPublicKey ?? row.ZendeskPublicKey,
            TrustAgentEmail = request.TrustAgentEmail,
            UpdatedAt = time.GetUtcNow(),
        };
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE helpdesk_installations SET name = @Name, enabled = @Enabled, frame_ancestors = @FrameAncestors,
                zendesk_audience = @ZendeskAudience, zendesk_public_key = @ZendeskPublicKey, trust_agent_email = @TrustAgentEmail, updated_at = @UpdatedAt
            WHERE id = @Id
            """,
            row,
            cancellationToken: cancellationToken));
        return TypedResults.Ok(row.ToView());
    }

    private static async Task<Results<Ok<HelpdeskInstallationKey>, ProblemHttpResult>> ReplaceKeyAsync(
        string id, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await FindAsync(connection, id, cancellationToken);
        if (row is null)
        {
            return ProblemDetailsBody.NotFound("helpdesk installation", id);
        }

        var key = NewKey();
        row = row with { KeyHash = Hash(key), UpdatedAt = time.GetUtcNow() };
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE helpdesk_installations SET key_hash = @KeyHash, updated_at = @UpdatedAt WHERE id = @Id", row, cancellationToken: cancellationToken));
        return TypedResults.Ok(new HelpdeskInstallationKey(row.ToView(), key));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM helpdesk_installations WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return deleted == 0 ? ProblemDetailsBody.NotFound("helpdesk installation", id) : TypedResults.NoContent();
    }

    public static Task<InstallationRow?> FindAsync(DbConnection connection, string id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<InstallationRow>(new CommandDefinition(
            $"SELECT {InstallationRow.Columns} FROM helpdesk_installations WHERE id = @id", new { id }, cancellationToken: cancellationToken));

    /// <summary>32 random bytes, URL-safe; the prefix tells a leaked key's reader what it opens.</summary>
    private static string NewKey() => $"lchk_{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    /// <summary>A CSP host-source without path: scheme, host (optionally with a leading *. wildcard), optional port.</summary>
    [GeneratedRegex(@"^https?://(\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?$")]
    private static partial Regex FrameAncestor();
}

/// <summary>An installation as stored.</summary>
public sealed record InstallationRow
{
    public const string Columns = "id, kind, name, enabled, key_hash, frame_ancestors, zendesk_audience, zendesk_public_key, trust_agent_email, created_at, updated_at";

    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public bool Enabled { get; init; }
    public required string KeyHash { get; init; }
    public required string FrameAncestors { get; init; }
    public string? ZendeskAudience { get; init; }
    public string? ZendeskPublicKey { get; init; }

    /// <summary>Take the agent email the app names as the agent (the platform cannot prove it); off by default.</summary>
    public bool TrustAgentEmail { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public IReadOnlyList<string> Ancestors => FrameAncestors.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The embed page's Content-Security-Policy: exactly these origins may frame it.</summary>
    public string FrameAncestorsPolicy => $"frame-ancestors {string.Join(' ', Ancestors)}";

    public HelpdeskInstallationView ToView() =>
        new(Id, Kind, Name, Enabled, Ancestors, ZendeskAudience, ZendeskPublicKey is not null, TrustAgentEmail, CreatedAt, UpdatedAt);
}
