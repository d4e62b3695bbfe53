namespace LiveChat.Channels.Tests.Support;

/// <summary>The Gateway's side of the boundary, reduced to what adapters can observe: batches, duplicates, failures.</summary>
internal sealed class RecordingInbox : IChannelInbox
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string Channel, string ExternalId)> _seen = [];
    private readonly List<InboundBatch> _batches = [];

    public Exception? FailWith { get; set; }

    public IReadOnlyList<InboundBatch> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    public InboundBatch SingleBatch() => Assert.Single(Batches);

    public InboundItem SingleItem() => Assert.Single(SingleBatch().Items);

    public Task<InboxResult> IngestAsync(InboundBatch batch, CancellationToken cancellationToken)
    {
        if (FailWith is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            _batches.Add(batch);
            var stored = batch.Items.Count(item => _seen.Add((item.Channel, item.ExternalId)));
            return Task.FromResult(new InboxResult(stored, batch.Items.Count - stored));
        }
    }
}
