using System.ComponentModel.DataAnnotations;

namespace LiveChat.Gateway.Ingest;

public sealed record IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>
    /// Ingest transactions a node runs at once (PostgreSQL; SQLite has one writer). Requests that arrive meanwhile
    /// wait and are stored together in the next transaction, so ingest never holds more connections than this.
    /// </summary>
    [Range(1, 64)]
    public int Writers { get; init; } = 2;

    /// <summary>The most inbound items one group transaction takes (a request is never split).</summary>
    [Range(1, 10_000)]
    public int MaxItemsPerTransaction { get; init; } = 256;
}
