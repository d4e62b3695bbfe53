using System.Collections.Frozen;
using LiveChat.Channels.DirectLine;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.DirectLine;

/// <summary>
/// Wakes a Direct Line stream when one of its conversation's chats gets a message. Until the chats are known every
/// feed event is let through (so nothing slips by between subscribing and loading them); a newly queued or
/// bot-fronted chat reloads them, because a conversation gets a new chat after the previous one ended.
/// </summary>
internal sealed class ConversationWatch : IDirectLineWatch
{
    private readonly Db _db;
    private readonly EventHub _hub;
    private readonly string _conversationId;
    private EventHub.Subscription _subscription;
    private volatile FrozenSet<string>? _chats;

    public ConversationWatch(Db db, EventHub hub, string conversationId)
    {
        _db = db;
        _hub = hub;
        _conversationId = conversationId;
        _subscription = hub.Subscribe(Admit);
    }

    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            _chats ??= await LoadChatsAsync(timer.Token);
            while (await _subscription.WaitToReadAsync(timer.Token))
            {
                var relevant = false;
                while (_subscription.TryRead(out var batch))
                {
                    // A batch holds many commits' events: the chats are read again once for it, not once per new chat in it.
                    if (Array.Exists(batch, live => live.Stored.Type is EventType.ChatQueued or EventType.ChatBot))
                    {
                        _chats = await LoadChatsAsync(timer.Token);
                    }

                    var chats = _chats;
                    relevant |= Array.Exists(batch, live => live.Stored.ChatId is { } chatId && chats.Contains(chatId));
                }

                if (relevant)
                {
                    return true;
                }
            }

            // The hub cut this subscriber off (too far behind): start again and let the caller re-read.
            _subscription.Dispose();
            _subscription = _hub.Subscribe(Admit);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _subscription.Dispose();

    private bool Admit(StoredEvent stored) =>
        stored.Type is EventType.ChatQueued or EventType.ChatBot
        || (DirectLineActivityFeed.IsFeedEvent(stored) && stored.ChatId is not null && (_chats is not { } chats || chats.Contains(stored.ChatId)));

    private async Task<FrozenSet<string>> LoadChatsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM chats WHERE channel = @channel AND conversation_key = @conversationId",
            new { channel = DirectLineChannel.Name, conversationId = _conversationId },
            cancellationToken: cancellationToken));
        return ids.ToFrozenSet(StringComparer.Ordinal);
    }
}
