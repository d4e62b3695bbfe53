namespace LiveChat.Gateway.Ingest;

internal enum ItemOutcome
{
    Stored,
    Duplicate,
    Skipped,
}
