using System.Collections.Concurrent;
using System.Data;
using System.Runtime.ExceptionServices;
using Npgsql;

namespace LiveChat.Gateway.Storage;

/// <summary>
/// Keeps one failed statement from breaking the next user of a pooled PostgreSQL connection. A statement that
/// fails while Npgsql auto-prepares it (a parameter PostgreSQL refuses, a unique violation...) leaves the
/// connection's prepared-statement bookkeeping out of step with the server (npgsql/npgsql#6391), and the next
/// request handed that connection reads another statement's rows ("Received unexpected backend message DataRow").
/// Every connection <see cref="Db"/> opens is watched on its caller's async flow; a PostgreSQL error thrown on that
/// flow marks the physical connection (its backend process id), and the next open of it drops its prepared
/// statements before anyone uses it. So every unit of work and every plain connection is covered, whoever catches
/// the exception, and the common case costs one empty-dictionary check per open.
/// </summary>
internal sealed class FailedStatements
{
    private static readonly AsyncLocal<Watch?> s_current = new();
    private readonly ConcurrentDictionary<int, byte> _suspects = new();

    static FailedStatements() => AppDomain.CurrentDomain.FirstChanceException += OnException;

    /// <summary>Starts watching the connection about to be opened. Must run outside an async method so that the caller's flow sees it.</summary>
    public Watch Begin()
    {
        var outer = s_current.Value;
        while (outer is { Connection.State: ConnectionState.Closed })
        {
            outer = outer.Outer;
        }

        var watch = new Watch(this, outer);
        s_current.Value = watch;
        return watch;
    }

    /// <summary>Before a connection is handed out: if a statement failed on it last time, its prepared statements go.</summary>
    public void Heal(NpgsqlConnection connection)
    {
        if (!_suspects.IsEmpty && _suspects.TryRemove(connection.ProcessID, out _))
        {
            connection.UnprepareAll();
        }
    }

    private static void OnException(object? sender, FirstChanceExceptionEventArgs args)
    {
        if (args.Exception is not NpgsqlException)
        {
            return;
        }

        for (var watch = s_current.Value; watch is not null; watch = watch.Outer)
        {
            if (watch.Connection is { State: not ConnectionState.Closed and not ConnectionState.Broken } connection)
            {
                try
                {
                    watch.Owner._suspects.TryAdd(connection.ProcessID, 0);
                }
                catch (InvalidOperationException)
                {
                    // Closed meanwhile: the pool drops a broken connection, and a closed one was marked before.
                }
            }
        }
    }

    internal sealed class Watch(FailedStatements owner, Watch? outer)
    {
        public FailedStatements Owner { get; } = owner;

        public Watch? Outer { get; } = outer;

        public NpgsqlConnection? Connection { get; set; }
    }
}
