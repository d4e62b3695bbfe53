using Npgsql;
using NpgsqlTypes;

namespace LiveChat.Gateway.Storage;

/// <summary>
/// Array parameters for the set-based statements on PostgreSQL (<c>unnest($1::text[], ...)</c>): whatever the number
/// of rows, the statement's text stays the same, so Npgsql keeps it prepared.
/// </summary>
public static class PgArrays
{
    public static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlParameter Texts(IEnumerable<string?> values) =>
        new NpgsqlParameter<string?[]> { TypedValue = [.. values], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    public static NpgsqlParameter Times(IEnumerable<DateTimeOffset?> values) =>
        new NpgsqlParameter<DateTime?[]> { TypedValue = [.. values.Select(v => v?.UtcDateTime)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };

    public static NpgsqlParameter Time(DateTimeOffset value) =>
        new NpgsqlParameter<DateTime> { TypedValue = value.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
