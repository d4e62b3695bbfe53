using LiveChat.Gateway.Operators;

namespace LiveChat.Gateway.Auth;

/// <summary>
/// Start-up, after migrations: loads the signing key, makes sure a default department exists, and creates
/// the first admin from Bootstrap:AdminEmail/AdminPassword once (never overwriting an existing one).
/// </summary>
public sealed partial class Bootstrap(
    Db db, SigningKeys keys, Passwords passwords, IOptions<BootstrapOptions> options, TimeProvider time, ILogger<Bootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await keys.LoadAsync(cancellationToken);
        var now = time.GetUtcNow();
        var settings = options.Value;
        await using var work = await db.BeginAsync(cancellationToken);
        await work.ExecuteAsync(
            "INSERT INTO departments (id, name, is_default, created_at) SELECT @id, @name, @yes, @now WHERE NOT EXISTS (SELECT 1 FROM departments WHERE is_default = @yes) ON CONFLICT DO NOTHING",
            new { id = Ids.New("dep"), name = settings.DefaultDepartmentName, yes = true, now });
        if (!string.IsNullOrWhiteSpace(settings.AdminEmail) && !string.IsNullOrEmpty(settings.AdminPassword))
        {
            var created = await work.ExecuteAsync(
                $"""
                INSERT INTO operators (id, email, email_normalized, name, password_hash, role, max_concurrent_chats, language, status, ringer, created_at, updated_at)
                VALUES (@id, @email, @normalized, @name, @hash, {Sql.Literal(Roles.Admin)}, 5, 'en', {Sql.Literal(OperatorState.Offline)}, @yes, @now, @now)
                ON CONFLICT (email_normalized) DO NOTHING
                """,
                new
                {
                    id = Ids.New("op"),
                    email = settings.AdminEmail.Trim(),
                    normalized = OperatorAccount.Normalize(settings.AdminEmail),
                    name = settings.AdminName,
                    hash = passwords.Hash(settings.AdminPassword),
                    yes = true,
                    now,
                });
            await work.ExecuteAsync(
                "INSERT INTO operator_departments (operator_id, department_id) SELECT o.id, d.id FROM operators o, departments d WHERE o.email_normalized = @normalized AND d.is_default = @yes ON CONFLICT DO NOTHING",
                new { normalized = OperatorAccount.Normalize(settings.AdminEmail), yes = true });
            if (created > 0)
            {
                LogAdminCreated(logger);
            }
        }

        await work.CommitAsync(cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM operators") == 0)
        {
            LogNoOperators(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap admin operator")]
    private static partial void LogAdminCreated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No operator exists: set Bootstrap__AdminEmail and Bootstrap__AdminPassword to create the first admin")]
    private static partial void LogNoOperators(ILogger logger);
}
