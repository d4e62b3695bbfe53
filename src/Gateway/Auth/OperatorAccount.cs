
namespace LiveChat.Gateway.Auth;

/// <summary>An operator as stored; <see cref="ToView"/> is what the API shows (never the hash).</summary>
public sealed record OperatorAccount
{
    public required string Id { get; init; }
    public required string Email { get; init; }
    public required string Name { get; init; }
    public required string PasswordHash { get; init; }
    public required string Role { get; init; }
    public int MaxConcurrentChats { get; init; }
    public required string Language { get; init; }
    public required string Status { get; init; }
    public bool Ringer { get; init; }
    public bool Disabled { get; init; }
    public IReadOnlyList<string> DepartmentIds { get; init; } = [];

    public const string Columns = "id, email, name, password_hash, role, max_concurrent_chats, language, status, ringer, disabled";

    public OperatorView ToView() => new(Id, Name, Email, Role, DepartmentIds, MaxConcurrentChats, Language, Status, Ringer, Disabled);

    public static async Task<OperatorAccount?> FindAsync(
        DbConnection connection, string column, string value, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        var account = await connection.QuerySingleOrDefaultAsync<OperatorAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM operators WHERE {column} = @value", new { value }, transaction, cancellationToken: cancellationToken));
        if (account is null)
        {
            return null;
        }

        var departments = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT department_id FROM operator_departments WHERE operator_id = @Id ORDER BY department_id", new { account.Id }, transaction, cancellationToken: cancellationToken));
        return account with { DepartmentIds = [.. departments] };
    }

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();
}
