using System.Data;
using Microsoft.Data.Sqlite;

namespace LiveChat.Gateway.Storage;

/// <summary>
/// Parameters for the statements built row by row on the hot paths (multi-row INSERTs, id lists). Each one gets
/// its type before its value: Dapper's DynamicParameters reads NpgsqlParameter.DbType after setting the value,
/// which makes Npgsql infer the type through its global type mapper, behind a lock, for every parameter.
/// Times follow <see cref="DapperSetup"/>: UTC timestamptz on PostgreSQL, fixed-width ISO-8601 text on SQLite.
/// </summary>
public sealed class TypedParameters : SqlMapper.IDynamicParameters
{
    private readonly List<(string Name, DbType Type, object? Value)> _values = [];

    public TypedParameters Add(string name, string? value)
    {
        _values.Add((name, DbType.String, value));
        return this;
    }

    public TypedParameters Add(string name, bool value)
    {
        _values.Add((name, DbType.Boolean, value));
        return this;
    }

    public TypedParameters Add(string name, int value)
    {
        _values.Add((name, DbType.Int32, value));
        return this;
    }

    public TypedParameters Add(string name, DateTimeOffset? value)
    {
        _values.Add((name, DbType.DateTimeOffset, value));
        return this;
    }

    void SqlMapper.IDynamicParameters.AddParameters(IDbCommand command, SqlMapper.Identity identity)
    {
        var sqlite = command is SqliteCommand;
        foreach (var (name, type, value) in _values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            (parameter.DbType, parameter.Value) = (type, value) switch
            {
                (DbType.DateTimeOffset, DateTimeOffset time) when sqlite => (DbType.String, DapperSetup.ToSqliteText(time)),
                (DbType.DateTimeOffset, DateTimeOffset time) => (type, time.ToUniversalTime()),
                (DbType.DateTimeOffset, null) when sqlite => (DbType.String, DBNull.Value),
                _ => (type, value ?? DBNull.Value),
            };
            command.Parameters.Add(parameter);
        }
    }
}
