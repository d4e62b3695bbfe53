using System.Collections.Concurrent;

namespace LiveChat.Gateway.Auth;

/// <summary>
/// An operator's current role and disabled flag, read per request so that a demotion or a disabling takes effect at
/// once instead of when the token expires. Reads are cached per node for <see cref="AuthOptions.OperatorCheckSeconds"/>;
/// a change made through this node forgets its entry, so this node applies it to the very next request, and other
/// nodes within that many seconds. A cache hit costs a dictionary lookup; a miss one indexed primary-key read.
/// </summary>
public sealed class OperatorAccess(Db db, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public sealed record Current
    {
        public required string Role { get; init; }
        public required string Name { get; init; }
        public required string Email { get; init; }
        public bool Disabled { get; init; }
    }

    /// <summary>The operator as stored now, or null when there is no such operator.</summary>
    public async Task<Current?> GetAsync(string operatorId, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_entries.TryGetValue(operatorId, out var entry) && time.GetElapsedTime(entry.ReadAt, now).TotalSeconds < options.Value.OperatorCheckSeconds)
        {
            return entry.Operator;
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        var current = await connection.QuerySingleOrDefaultAsync<Current>(new CommandDefinition(
            "SELECT role, name, email, disabled FROM operators WHERE id = @operatorId", new { operatorId }, cancellationToken: cancellationToken));
        _entries[operatorId] = new Entry(current, now);
        return current;
    }

    /// <summary>Called after an operator's role, departments or disabled flag changed on this node.</summary>
    public void Forget(string operatorId) => _entries.TryRemove(operatorId, out _);

    private sealed record Entry(Current? Operator, long ReadAt);
}
