using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Auth;

/// <summary>
/// The key that signs operator tokens: the configured one, or a random one generated once and stored in
/// the database so that every node of a cluster shares it.
/// </summary>
public sealed class SigningKeys(IOptions<AuthOptions> options, Db db)
{
    private SymmetricSecurityKey? _key;

    public SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The signing key is loaded at start-up.");

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.SigningKey;
        if (!string.IsNullOrEmpty(configured))
        {
            _key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured));
            return;
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO settings (key, value) VALUES ('auth.signing_key', @generated) ON CONFLICT (key) DO NOTHING",
            new { generated },
            cancellationToken: cancellationToken));
        var stored = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT value FROM settings WHERE key = 'auth.signing_key'", cancellationToken: cancellationToken));
        _key = new SymmetricSecurityKey(Convert.FromBase64String(stored!));
    }
}
