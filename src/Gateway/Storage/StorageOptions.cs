using System.ComponentModel.DataAnnotations;

namespace LiveChat.Gateway.Storage;

public sealed record StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;

    /// <summary>For SQLite, defaults to a file beside the app; PostgreSQL needs one.</summary>
    public string? ConnectionString { get; init; }

    [Range(1, 1000)]
    public int MaxPoolSize { get; init; } = 50;

    /// <summary>
    /// PostgreSQL: statements each pooled connection keeps prepared (Npgsql auto-prepare), so the hot paths skip
    /// parsing and planning on the server. 0 turns it off.
    /// </summary>
    [Range(0, 1000)]
    public int MaxAutoPrepare { get; init; } = 64;
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}
