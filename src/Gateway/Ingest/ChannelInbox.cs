using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Bots;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Ingest;

/// <summary>
/// The core ingest path (DESIGN.md §3): everything channel requests carried is stored in one transaction —
/// dedupe on (channel, external id), find or open the chat, append, bump the activity timers, write the
/// events — and only then do the channels get their acknowledgement. <see cref="IngestQueue"/> decides
/// which requests share a transaction.
/// </summary>
public sealed partial class ChannelInbox(Db db, ChatOpener opener, BotDeliveries bots, TimeProvider time, ILogger<ChannelInbox> logger)
{
    /// <summary>Stores these requests in one transaction; returns each one's outcome, in order.</summary>
    public async Task<InboxResult[]> StoreAsync(IReadOnlyList<InboundBatch> batches, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dropped = new List<string>();
        batches = [.. batches.Select(batch => InboundText.Clean(batch, dropped))];
        foreach (var reason in dropped.Distinct(StringComparer.Ordinal))
        {
            LogDropped(logger, reason);
        }

        var tallies = batches.Select(_ => new Tally()).ToArray();

        // Thread by thread, each in arrival order: a customer's messages from several requests become one run, and
        // concurrent transactions lock chats in the same order.
        var items = batches
            .SelectMany((batch, b) => batch.Items.Select(item => new Entry(item, tallies[b])))
            .OrderBy(entry => entry.Item.Channel, StringComparer.Ordinal)
            .ThenBy(entry => entry.Item.ConversationKey, StringComparer.Ordinal)
            .ToList();
        // A failure here is stored again request by request, on pooled connections that FailedStatements keeps sound.
        await using var work = await db.BeginAsync(cancellationToken);
        await WriteAsync(work, batches, items, now);
        await work.CommitAsync(cancellationToken);

        var duplicates = tallies.Sum(tally => tally.Duplicates);
        if (duplicates > 0)
        {
            LogDuplicates(logger, duplicates);
        }

        return [.. tallies.Select(tally => new InboxResult(tally.Stored, tally.Duplicates))];
    }

    /// <summary>Everything the requests carried, written in <paramref name="work"/>, which raises their events.</summary>
    private async Task WriteAsync(UnitOfWork work, IReadOnlyList<InboundBatch> batches, List<Entry> items, DateTimeOffset now)
    {
        if (db.IsPostgres)
        {
            items = await OpenChatIngest.StoreAsync(work, items, now);
        }

        for (var i = 0; i < items.Count;)
        {
            var (item, tally) = items[i];
            if (item.Activity.Type == ActivityTypes.Typing)
            {
                tally.Add(await RecordTypingAsync(work, item, now));
                i++;
            }
            else if (item.Activity.Type == ActivityTypes.EndOfConversation && item.Direction == InboundDirection.FromCustomer)
            {
                // Ending a chat a bot answers tells the bot (handoff.status), through bot_deliveries.
                var left = await opener.VisitorLeftAsync(work, item, now);
                tally.Add(left ? ItemOutcome.Stored : ItemOutcome.Skipped);
                i++;
            }
            else if (item.Activity.Type == ActivityTypes.Event && item.Direction == InboundDirection.FromCustomer
                && item.Activity.Name == CustomerEvents.HandoffRequest)
            {
                tally.Add(await AskForHumanAsync(work, item, now));
                i++;
            }
            else
            {
                i += await StoreRunAsync(work, Run(items, i), now);
            }
        }

        foreach (var batch in batches)
        {
            foreach (var delivery in batch.Deliveries)
            {
                await ApplyDeliveryAsync(work, delivery);
            }

            foreach (var receipt in batch.ReadReceipts)
            {
                await ApplyReadReceiptAsync(work, receipt);
            }
        }
    }

    /// <summary>
    /// The messages from <paramref name="start"/> on that belong together: same thread, same direction, same visitor
    /// profile, none of them typing or leaving. They are stored with a handful of statements whatever their number.
    /// </summary>
    private static ArraySegment<Entry> Run(List<Entry> items, int start)
    {
        var first = items[start].Item;
        var end = start + 1;
        while (end < items.Count
            && items[end].Item is var next
            && next.Activity.Type is not (ActivityTypes.Typing or ActivityTypes.EndOfConversation)
            && string.Equals(next.Channel, first.Channel, StringComparison.Ordinal)
            && string.Equals(next.ConversationKey, first.ConversationKey, StringComparison.Ordinal)
            && next.Direction == first.Direction
            && next.Visitor == first.Visitor)
        {
            end++;
        }

        return new ArraySegment<Entry>([.. items.Skip(start).Take(end - start)]);
    }

    /// <summary>Stores a run of messages (or its head, see below); returns how many of its items it consumed.</summary>
    private async Task<int> StoreRunAsync(UnitOfWork work, ArraySegment<Entry> run, DateTimeOffset now)
    {
        var first = run[0].Item;
        var fromCustomer = first.Direction == InboundDirection.FromCustomer;
        var lookup = await ChatOpener.LookupAsync(work, first, [.. run.Select(entry => entry.Item.ExternalId).Distinct(StringComparer.Ordinal)], now);

        // Redeliveries, including an id repeated within the run, are absorbed.
        var seen = new HashSet<string>(lookup.Stored, StringComparer.Ordinal);
        var fresh = new List<Entry>(run.Count);
        var consumed = 0;
        foreach (var entry in run)
        {
            if (!seen.Add(entry.Item.ExternalId))
            {
                entry.Tally.Add(ItemOutcome.Duplicate);
                consumed++;
                continue;
            }

            // A chat that is opened here, or that a bot answers, takes one message at a time: the queue notice
            // follows the first message, and a bot's handoff changes where the next one goes.
            if (fresh.Count == 1 && (lookup.Chat is null || lookup.Chat.State == ChatState.Bot))
            {
                break;
            }

            fresh.Add(entry);
            consumed++;
        }

        if (fresh.Count == 0)
        {
            return consumed;
        }

        var chat = fromCustomer
            ? lookup.Chat ?? await opener.OpenAsync(work, first, lookup.VisitorId!, now)
            : lookup.Chat;
        if (chat is null)
        {
            LogEchoWithoutChat(logger, first.Channel);
            foreach (var entry in fresh)
            {
                entry.Tally.Add(ItemOutcome.Skipped);
            }

            return consumed;
        }

        var messages = fresh.Select(entry => NewMessage(chat, entry.Item, now)).ToList();
        var touch = fromCustomer ? ChatOpener.PlanTouch(chat, fresh.Select(entry => entry.Item), messages[^1].SentAt, now) : null;
        var (inserted, touched) = await InsertAsync(work, chat, messages, touch, now);
        if (touch is not null && !touched && inserted.Count > 0)
        {
            // A concurrent redelivery took some of them: the chat's timers follow exactly the messages stored.
            var stored = fresh.Where((_, i) => inserted.Contains(messages[i].Id)).Select(entry => entry.Item).ToList();
            touch = ChatOpener.PlanTouch(chat, stored, messages.Last(m => inserted.Contains(m.Id)).SentAt, now);
            await work.ExecuteAsync(ChatOpener.TouchSql, new { now, customerMessageAt = touch.CustomerMessageAt, question = touch.Question, autoEndAt = touch.AutoEndAt, chatId = chat.Id });
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (!inserted.Contains(message.Id))
            {
                fresh[i].Tally.Add(ItemOutcome.Duplicate);
                continue;
            }

            if (touch is not null)
            {
                ChatOpener.RestartedEnding(work, chat, touch);

                // A chat a bot answers: the bot gets the customer's message after commit (bot_deliveries), or a human keyword queues it.
                await bots.OnCustomerMessageAsync(work, chat, message, fresh[i].Item.Visitor.Name, now);
            }

            work.Raise(new ChatMessageEvent(message.ToView()), EventRoute.Chat(chat.Id, chat.DepartmentId));
            await ChatOpener.AfterStoredAsync(work, chat, now);
            fresh[i].Tally.Add(ItemOutcome.Stored);
        }

        return consumed;
    }

    internal static TranscriptMessage NewMessage(ChatRef chat, InboundItem item, DateTimeOffset now)
    {
        var fromCustomer = item.Direction == InboundDirection.FromCustomer;
        return TranscriptMessage.Create(
            chat.Id,
            item.Channel,
            item.ExternalId,
            item.Activity,
            fromCustomer ? SenderKind.Visitor : SenderKind.Operator,
            senderId: fromCustomer ? chat.VisitorId : null,
            senderName: fromCustomer ? item.Visitor.Name : item.Activity.From?.Name ?? "Business (outside the gateway)",
            item.Activity.Timestamp ?? now,
            now,
            fromCustomer ? Channels.Inbox.DeliveryState.Delivered : Channels.Inbox.DeliveryState.Sent);
    }

    /// <summary>The customer's "talk to a human" (docs/bots.md): their bot's chat is queued as a HumanKeyword would queue it.</summary>
    private async Task<ItemOutcome> AskForHumanAsync(UnitOfWork work, InboundItem item, DateTimeOffset now)
    {
        var chat = await ChatOpener.FindOpenAsync(work, item.Channel, item.ConversationKey);
        if (chat is null || !await BotDeliveries.CustomerAsksForHumanAsync(work, chat, now))
        {
            return ItemOutcome.Skipped;
        }

        await ChatOpener.TouchAsync(work, chat, ChatOpener.PlanTouch(chat, [item], customerMessageAt: null, now), now);
        return ItemOutcome.Stored;
    }

    /// <summary>
    /// Inserts the messages and, for a customer's, touches their chat, in one round trip; returns the ids inserted
    /// and whether the chat was touched, which it is only when every message went in.
    /// </summary>
    private static async Task<(IReadOnlySet<string> Inserted, bool Touched)> InsertAsync(
        UnitOfWork work, ChatRef chat, List<TranscriptMessage> messages, ChatTouch? touch, DateTimeOffset now)
    {
        var parameters = new TypedParameters();
        var sql = TranscriptMessage.InsertManySql(messages, parameters);
        if (touch is not null)
        {
            var ids = string.Join(", ", messages.Select((_, i) => $"@id{i}"));
            sql += $";\n{ChatOpener.TouchSql} AND (SELECT COUNT(*) FROM messages WHERE id IN ({ids})) = @count RETURNING id";
            parameters
                .Add("now", now)
                .Add("customerMessageAt", touch.CustomerMessageAt)
                .Add("question", touch.Question)
                .Add("autoEndAt", touch.AutoEndAt)
                .Add("chatId", chat.Id)
                .Add("count", messages.Count);
        }

        using var results = await work.QueryMultipleAsync(sql, parameters);
        var inserted = (await results.ReadAsync<string>()).ToHashSet(StringComparer.Ordinal);
        var touched = touch is not null && await results.ReadSingleOrDefaultAsync<string>() is not null;
        return (inserted, touched);
    }

    private static async Task<ItemOutcome> RecordTypingAsync(UnitOfWork work, InboundItem item, DateTimeOffset now)
    {
        var chat = await ChatOpener.FindOpenAsync(work, item.Channel, item.ConversationKey);
        if (chat is null || item.Direction != InboundDirection.FromCustomer)
        {
            return ItemOutcome.Skipped;
        }

        await ChatOpener.TouchAsync(work, chat, ChatOpener.PlanTouch(chat, [item], customerMessageAt: null, now), now);
        work.Raise(new ChatTyping(chat.Id, new EventActor(ParticipantKind.Visitor, chat.VisitorId), now), EventRoute.Chat(chat.Id, chat.DepartmentId));
        return ItemOutcome.Stored;
    }

    private static async Task ApplyDeliveryAsync(UnitOfWork work, DeliveryUpdate delivery)
    {
        // Forward only: a late "delivered" never turns a "read" back, and nothing leaves "failed".
        var changed = await work.SingleOrDefaultAsync<DeliveryRow>(
            """
            UPDATE messages SET status = @State, status_at = @At, error_code = @ErrorCode, error_message = @ErrorMessage
            WHERE channel = @Channel AND external_id = @ExternalId AND status < @State
            RETURNING id AS message_id, chat_id
            """,
            new { State = (int)delivery.State, delivery.At, delivery.ErrorCode, delivery.ErrorMessage, delivery.Channel, delivery.ExternalId });
        if (changed is null)
        {
            return;
        }

        var departmentId = await work.ScalarAsync<string>("SELECT department_id FROM chats WHERE id = @ChatId", new { changed.ChatId });
        var status = new ChatMessageStatus(
            changed.ChatId,
            changed.MessageId,
            TranscriptMessage.StatusName(delivery.State),
            delivery.At,
            delivery.ErrorCode is null && delivery.ErrorMessage is null ? null : new MessageError(delivery.ErrorCode, delivery.ErrorMessage));
        work.Raise(delivery.State == Channels.Inbox.DeliveryState.Failed ? new ChatMessageFailed(status) : status, EventRoute.Chat(changed.ChatId, departmentId));
    }

    /// <summary>"Read up to" watermarks (Messenger): everything sent to that customer by then is read.</summary>
    private static async Task ApplyReadReceiptAsync(UnitOfWork work, ReadReceipt receipt)
    {
        var chat = await work.SingleOrDefaultAsync<ChatRef>(
            $"SELECT {ChatOpener.ChatColumns} FROM chats WHERE channel = @Channel AND conversation_key = @ConversationKey ORDER BY started_at DESC LIMIT 1",
            receipt);
        if (chat is null)
        {
            return;
        }

        var read = await work.ExecuteAsync(
            """
            UPDATE messages SET status = @readState, status_at = @UpTo
            WHERE chat_id = @Id AND direction = 'out' AND sent_at <= @UpTo AND status IN (@sent, @delivered)
            """,
            new { readState = (int)Channels.Inbox.DeliveryState.Read, receipt.UpTo, chat.Id, sent = (int)Channels.Inbox.DeliveryState.Sent, delivered = (int)Channels.Inbox.DeliveryState.Delivered });
        if (read > 0)
        {
            work.Raise(new ChatRead(chat.Id, receipt.UpTo, read), EventRoute.Chat(chat.Id, chat.DepartmentId));
        }
    }

    private sealed record DeliveryRow
    {
        public required string MessageId { get; init; }
        public required string ChatId { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Absorbed {Count} redelivered item(s)")]
    private static partial void LogDuplicates(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped inbound input that can never be stored: {Reason}")]
    private static partial void LogDropped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Echo on {Channel} for a conversation with no chat; not stored")]
    private static partial void LogEchoWithoutChat(ILogger logger, string channel);
}
