using System.Security.Cryptography;
using LiveChat.Channels.DirectLine;

namespace LiveChat.Gateway.DirectLine;

/// <summary>
/// The Direct Line options the channel reads. In Development with no <c>Channels:DirectLine:Secret</c> configured, a
/// secret is generated once and stored in the database (as the operator token signing key is), so the web widget works
/// out of the box and every node of a local cluster shares it. Elsewhere the configured options are used unchanged.
/// </summary>
public sealed class DevelopmentDirectLineSecret(IOptionsFactory<DirectLineOptions> factory, IHostEnvironment environment, Db db)
    : IOptions<DirectLineOptions>
{
    private const string SettingKey = "directline.secret";

    private readonly Lazy<DirectLineOptions> _configured = new(() => factory.Create(Options.DefaultName));
    private DirectLineOptions? _generated;

    public DirectLineOptions Value => _generated ?? _configured.Value;

    /// <summary>Start-up, after migrations: loads or creates the Development secret when one is needed.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || _configured.Value.Enabled)
        {
            return;
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        var candidate = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO settings (key, value) VALUES (@SettingKey, @candidate) ON CONFLICT (key) DO NOTHING",
            new { SettingKey, candidate },
            cancellationToken: cancellationToken));
        var stored = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT value FROM settings WHERE key = @SettingKey", new { SettingKey }, cancellationToken: cancellationToken));
        _generated = _configured.Value with { Secret = stored };
    }

    /// <summary>Runs <see cref="LoadAsync"/> before the server accepts requests (registered after the migrations).</summary>
    internal sealed class LoadOnStart(DevelopmentDirectLineSecret secret) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => secret.LoadAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
