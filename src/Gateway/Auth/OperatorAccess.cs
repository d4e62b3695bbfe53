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
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _changes = new(StringComparer.Ordinal);

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
    public void Forget(string operatorId)
    {
        _entries.TryRemove(operatorId, out _);
        if (_changes.TryRemove(operatorId, out var changed))
        {
            changed.Cancel();
        }
    }

    /// <summary>
    /// For a long-lived response (the event stream) opened with <paramref name="role"/>: a token cancelled when the
    /// operator is disabled or removed or their role or departments change (at once when changed through this node,
    /// else at the next check, every <see cref="AuthOptions.OperatorCheckSeconds"/>), or when the node stops or the client
    /// leaves. The client reconnects and is checked again.
    /// </summary>
    public CancellationToken WhileUnchanged(string operatorId, string role, CancellationToken stopping, CancellationToken aborted)
    {
        var changed = _changes.GetOrAdd(operatorId, _ => new CancellationTokenSource()).Token;
        var revoked = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted, changed);
        _ = CheckAsync(operatorId, role, revoked);
        return revoked.Token;
    }

    private async Task CheckAsync(string operatorId, string role, CancellationTokenSource revoked)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.OperatorCheckSeconds)), time);
        try
        {
            while (await timer.WaitForNextTickAsync(revoked.Token))
            {
                var current = await GetAsync(operatorId, revoked.Token);
                if (current is null || current.Disabled || !string.Equals(current.Role, role, StringComparison.Ordinal))
                {
                    await revoked.CancelAsync();
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or DbException)
        {
            // Cancelled: the stream ended or must end. A database error: the stream ends too, and its reconnect is checked.
            await revoked.CancelAsync();
        }
        finally
        {
            revoked.Dispose();
        }
    }

    private sealed record Entry(Current? Operator, long ReadAt);
}
