using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Bots;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Ingest;

/// <summary>
/// The core ingest path (DESIGN.md §3): everything a channel request carried is stored in one
/// transaction — dedupe on (channel, external id), find or open the chat, append, bump the activity
/// timers, write the events — and only then does the channel get its acknowledgement.
/// </summary>
public sealed partial class ChannelInbox(Db db, EventLog events, ChatOpener opener, BotDeliveries bots, TimeProvider time, ILogger<ChannelInbox> logger) : IChannelInbox
{
    public async Task<InboxResult> IngestAsync(InboundBatch batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pending = new List<NewEvent>();
        var tally = new Tally();
        await using var work = await db.BeginAsync(cancellationToken);
        var items = batch.Items;
        for (var i = 0; i < items.Count;)
        {
            var item = items[i];
            if (item.Activity.Type == ActivityTypes.Typing)
            {
                tally.Add(await RecordTypingAsync(work, item, now, pending));
                i++;
            }
            else if (item.Activity.Type == ActivityTypes.EndOfConversation && item.Direction == InboundDirection.FromCustomer)
            {
                // Ending a chat a bot answers tells the bot (handoff.status), through bot_deliveries.
                var left = await opener.VisitorLeftAsync(work, item, now, pending);
                tally.Add(left ? ItemOutcome.Stored : ItemOutcome.Skipped, botWork: left);
                i++;
            }
            else if (item.Activity.Type == ActivityTypes.Event && item.Direction == InboundDirection.FromCustomer
                && item.Activity.Name == CustomerEvents.HandoffRequest)
            {
                tally.Add(await AskForHumanAsync(work, item, now, pending));
                i++;
            }
            else
            {
                i += await StoreRunAsync(work, Run(items, i), now, pending, tally);
            }
        }

        foreach (var delivery in batch.Deliveries)
        {
            await ApplyDeliveryAsync(work, delivery, pending);
        }

        foreach (var receipt in batch.ReadReceipts)
        {
            await ApplyReadReceiptAsync(work, receipt, pending);
        }

        await events.AppendAsync(work, pending);
        await events.CommitAsync(work, cancellationToken);
        if (tally.BotWork)
        {
            bots.Wake();
        }

        if (tally.Duplicates > 0)
        {
            LogDuplicates(logger, tally.Duplicates);
        }

        return new InboxResult(tally.Stored, tally.Duplicates);
    }

    /// <summary>
    /// The messages from <paramref name="start"/> on that belong together: same thread, same direction, same visitor
    /// profile, none of them typing or leaving. They are stored with a handful of statements whatever their number.
    /// </summary>
    private static ArraySegment<InboundItem> Run(IReadOnlyList<InboundItem> items, int start)
    {
        var first = items[start];
        var end = start + 1;
        while (end < items.Count
            && items[end] is var next
            && next.Activity.Type is not (ActivityTypes.Typing or ActivityTypes.EndOfConversation)
            && string.Equals(next.Channel, first.Channel, StringComparison.Ordinal)
            && string.Equals(next.ConversationKey, first.ConversationKey, StringComparison.Ordinal)
            && next.Direction == first.Direction
            && next.Visitor == first.Visitor)
        {
            end++;
        }

        return new ArraySegment<InboundItem>([.. items.Skip(start).Take(end - start)]);
    }

    /// <summary>Stores a run of messages (or its head, see below); returns how many of its items it consumed.</summary>
    private async Task<int> StoreRunAsync(UnitOfWork work, ArraySegment<InboundItem> run, DateTimeOffset now, List<NewEvent> pending, Tally tally)
    {
        var first = run[0];
        var fromCustomer = first.Direction == InboundDirection.FromCustomer;
        var lookup = await ChatOpener.LookupAsync(work, first, [.. run.Select(item => item.ExternalId).Distinct(StringComparer.Ordinal)], now);

        // Redeliveries, including an id repeated within the run, are absorbed.
        var seen = new HashSet<string>(lookup.Stored, StringComparer.Ordinal);
        var fresh = new List<InboundItem>(run.Count);
        var consumed = 0;
        foreach (var item in run)
        {
            if (!seen.Add(item.ExternalId))
            {
                tally.Add(ItemOutcome.Duplicate);
                consumed++;
                continue;
            }

            // A chat that is opened here, or that a bot answers, takes one message at a time: the queue notice
            // follows the first message, and a bot's handoff changes where the next one goes.
            if (fresh.Count == 1 && (lookup.Chat is null || lookup.Chat.State == "bot"))
            {
                break;
            }

            fresh.Add(item);
            consumed++;
        }

        if (fresh.Count == 0)
        {
            return consumed;
        }

        var chat = fromCustomer
            ? lookup.Chat ?? await opener.OpenAsync(work, first, lookup.VisitorId!, now, pending)
            : lookup.Chat;
        if (chat is null)
        {
            LogEchoWithoutChat(logger, first.Channel);
            foreach (var _ in fresh)
            {
                tally.Add(ItemOutcome.Skipped);
            }

            return consumed;
        }

        var messages = fresh.Select(item => NewMessage(chat, item, now)).ToList();
        var touch = fromCustomer ? ChatOpener.PlanTouch(chat, fresh, messages[^1].SentAt, now) : null;
        var (inserted, touched) = await InsertAsync(work, chat, messages, touch, now);
        if (touch is not null && !touched && inserted.Count > 0)
        {
            // A concurrent redelivery took some of them: the chat's timers follow exactly the messages stored.
            var stored = fresh.Where((_, i) => inserted.Contains(messages[i].Id)).ToList();
            touch = ChatOpener.PlanTouch(chat, stored, messages.Last(m => inserted.Contains(m.Id)).SentAt, now);
            await work.ExecuteAsync(ChatOpener.TouchSql, new { now, touch.CustomerMessageAt, touch.Question, touch.AutoEndAt, chatId = chat.Id });
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (!inserted.Contains(message.Id))
            {
                tally.Add(ItemOutcome.Duplicate);
                continue;
            }

            if (touch is not null)
            {
                ChatOpener.RestartedEnding(chat, touch, pending);

                // A chat a bot answers: the bot gets the customer's message after commit (bot_deliveries), or a human keyword queues it.
                tally.BotWork |= await bots.OnCustomerMessageAsync(work, chat, message, fresh[i].Visitor.Name, now, pending);
            }

            pending.Add(new NewEvent("chat.message", chat.Id, chat.DepartmentId, null, message.ToView()));
            await ChatOpener.AfterStoredAsync(work, chat, now, pending);
            tally.Add(ItemOutcome.Stored);
        }

        return consumed;
    }

    private static TranscriptMessage NewMessage(ChatRef chat, InboundItem item, DateTimeOffset now)
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
    private async Task<ItemOutcome> AskForHumanAsync(UnitOfWork work, InboundItem item, DateTimeOffset now, List<NewEvent> pending)
    {
        var chat = await ChatOpener.FindOpenAsync(work, item.Channel, item.ConversationKey);
        if (chat is null || !await BotDeliveries.CustomerAsksForHumanAsync(work, chat, now, pending))
        {
            return ItemOutcome.Skipped;
        }

        await ChatOpener.TouchAsync(work, chat, ChatOpener.PlanTouch(chat, [item], customerMessageAt: null, now), now, pending);
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

        using var results = await work.Connection.QueryMultipleAsync(sql, parameters, work.Transaction);
        var inserted = (await results.ReadAsync<string>()).ToHashSet(StringComparer.Ordinal);
        var touched = touch is not null && await results.ReadSingleOrDefaultAsync<string>() is not null;
        return (inserted, touched);
    }

    private static async Task<ItemOutcome> RecordTypingAsync(UnitOfWork work, InboundItem item, DateTimeOffset now, List<NewEvent> pending)
    {
        var chat = await ChatOpener.FindOpenAsync(work, item.Channel, item.ConversationKey);
        if (chat is null || item.Direction != InboundDirection.FromCustomer)
        {
            return ItemOutcome.Skipped;
        }

        await ChatOpener.TouchAsync(work, chat, ChatOpener.PlanTouch(chat, [item], customerMessageAt: null, now), now, pending);
        pending.Add(new NewEvent("chat.typing", chat.Id, chat.DepartmentId, null, new { chatId = chat.Id, from = new { kind = "visitor", id = chat.VisitorId }, at = now }));
        return ItemOutcome.Stored;
    }

    private static async Task ApplyDeliveryAsync(UnitOfWork work, DeliveryUpdate delivery, List<NewEvent> pending)
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
        pending.Add(new NewEvent(
            delivery.State == Channels.Inbox.DeliveryState.Failed ? "chat.message.failed" : "chat.message.status",
            changed.ChatId,
            departmentId,
            null,
            new
            {
                chatId = changed.ChatId,
                messageId = changed.MessageId,
                status = TranscriptMessage.StatusName(delivery.State),
                at = delivery.At,
                error = delivery.ErrorCode is null && delivery.ErrorMessage is null ? null : new { code = delivery.ErrorCode, message = delivery.ErrorMessage },
            }));
    }

    /// <summary>"Read up to" watermarks (Messenger): everything sent to that customer by then is read.</summary>
    private static async Task ApplyReadReceiptAsync(UnitOfWork work, ReadReceipt receipt, List<NewEvent> pending)
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
            pending.Add(new NewEvent("chat.read", chat.Id, chat.DepartmentId, null, new { chatId = chat.Id, upTo = receipt.UpTo, messages = read }));
        }
    }

    private enum ItemOutcome
    {
        Stored,
        Duplicate,
        Skipped,
    }

    private sealed class Tally
    {
        public int Stored { get; private set; }

        public int Duplicates { get; private set; }

        /// <summary>Something was queued for a bot: its worker is woken after commit.</summary>
        public bool BotWork { get; set; }

        public void Add(ItemOutcome outcome, bool botWork = false)
        {
            Stored += outcome == ItemOutcome.Stored ? 1 : 0;
            Duplicates += outcome == ItemOutcome.Duplicate ? 1 : 0;
            BotWork |= botWork;
        }
    }

    private sealed record DeliveryRow
    {
        public required string MessageId { get; init; }
        public required string ChatId { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Absorbed {Count} redelivered item(s)")]
    private static partial void LogDuplicates(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Echo on {Channel} for a conversation with no chat; not stored")]
    private static partial void LogEchoWithoutChat(ILogger logger, string channel);
}
