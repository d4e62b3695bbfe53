using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Channels.BotConnector;

/// <summary>
/// The gateway's RS256 keys for bots (the host stores them and rotates them): the one it signs with now, and every key a
/// bot or the gateway may still meet in a token (published as the JWKS).
/// </summary>
public interface IBotSigningKeys
{
    /// <summary>The key to sign with now (its <c>kid</c> is in every token's header).</summary>
    Task<SigningCredentials> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>The keys published in the JWKS: the current one, a newer one not yet used, older ones not yet retired.</summary>
    Task<IReadOnlyList<RsaSecurityKey>> PublishedAsync(CancellationToken cancellationToken);
}
