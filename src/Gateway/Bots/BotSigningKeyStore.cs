using System.Security.Cryptography;
using LiveChat.Channels.BotConnector;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Bots;

/// <summary>
/// The gateway's RS256 keys for bots, stored in <c>bot_signing_keys</c> so every node signs and publishes the same ones.
/// The first is made on first use. A rotation adds a key that is published at once and signed with from its
/// <c>active_from</c> (bots re-read the JWKS when they meet an unknown kid, at most hourly: botframework-connector's
/// OpenIdMetadata), and retires the older keys a day after that. Nodes re-read the table every minute.
/// </summary>
public sealed class BotSigningKeyStore(Db db, TimeProvider time) : IBotSigningKeys
{
    private static readonly TimeSpan s_reread = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_overlap = TimeSpan.FromDays(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private Snapshot? _snapshot;

    public async Task<SigningCredentials> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = await KeysAsync(cancellationToken);
        var current = keys.Where(k => k.ActiveFrom <= now).MaxBy(k => (k.ActiveFrom, k.Key.KeyId))
            ?? keys.MinBy(k => k.ActiveFrom)!;
        return new SigningCredentials(current.Key, SecurityAlgorithms.RsaSha256);
    }

    public async Task<IReadOnlyList<RsaSecurityKey>> PublishedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return [.. (await KeysAsync(cancellationToken)).Where(k => k.RetireAt is not { } retire || retire > now).Select(k => k.Key)];
    }

    /// <summary>Adds a key signed with from <paramref name="activeFrom"/>; the keys before it retire a day after that.</summary>
    public async Task<string> RotateAsync(DateTimeOffset activeFrom, CancellationToken cancellationToken)
    {
        var kid = await InsertAsync(activeFrom, cancellationToken);
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE bot_signing_keys SET retire_at = @retireAt WHERE kid <> @kid AND active_from <= @activeFrom AND retire_at IS NULL",
                new { kid, activeFrom, retireAt = activeFrom + s_overlap },
                cancellationToken: cancellationToken));
        }

        _snapshot = null;
        return kid;
    }

    private async Task<IReadOnlyList<StoredKey>> KeysAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_snapshot is { } fresh && now - fresh.ReadAt < s_reread)
        {
            return fresh.Keys;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } other && now - other.ReadAt < s_reread)
            {
                return other.Keys;
            }

            var keys = await ReadAsync(cancellationToken);
            if (keys.Count == 0)
            {
                await InsertAsync(now, cancellationToken);
                keys = await ReadAsync(cancellationToken);
            }

            _snapshot = new Snapshot(now, keys);
            return keys;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<IReadOnlyList<StoredKey>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(new CommandDefinition(
            "SELECT kid, private_key, active_from, retire_at FROM bot_signing_keys", cancellationToken: cancellationToken));
        return [.. rows.Select(r =>
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(r.PrivateKey), out _);
            return new StoredKey(new RsaSecurityKey(rsa) { KeyId = r.Kid }, r.ActiveFrom, r.RetireAt);
        })];
    }

    private async Task<string> InsertAsync(DateTimeOffset activeFrom, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        var kid = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO bot_signing_keys (kid, private_key, created_at, active_from) VALUES (@kid, @privateKey, @createdAt, @activeFrom)",
            new { kid, privateKey = Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()), createdAt = time.GetUtcNow(), activeFrom },
            cancellationToken: cancellationToken));
        return kid;
    }

    private sealed record Snapshot(DateTimeOffset ReadAt, IReadOnlyList<StoredKey> Keys);

    private sealed record StoredKey(RsaSecurityKey Key, DateTimeOffset ActiveFrom, DateTimeOffset? RetireAt);

    private sealed record KeyRow
    {
        public required string Kid { get; init; }
        public required string PrivateKey { get; init; }
        public DateTimeOffset ActiveFrom { get; init; }
        public DateTimeOffset? RetireAt { get; init; }
    }
}
