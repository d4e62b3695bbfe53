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
        var stored = 0;
        var duplicates = 0;
        await using var work = await db.BeginAsync(cancellationToken);
        foreach (var item in batch.Items)
        {
            var outcome = item.Activity.Type switch
            {
                ActivityTypes.Typing => await RecordTypingAsync(work, item, now, pending),
                ActivityTypes.EndOfConversation when item.Direction == InboundDirection.FromCustomer =>
                    await opener.VisitorLeftAsync(work, item, now, pending) ? ItemOutcome.Stored : ItemOutcome.Skipped,
                ActivityTypes.Event when item.Direction == InboundDirection.FromCustomer && item.Activity.Name == CustomerEvents.HandoffRequest =>
                    await AskForHumanAsync(work, item, now, pending),
                _ => await StoreAsync(work, item, now, pending),
            };
            stored += outcome == ItemOutcome.Stored ? 1 : 0;
            duplicates += outcome == ItemOutcome.Duplicate ? 1 : 0;
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
        if (stored > 0)
        {
            bots.Wake();
        }

        if (duplicates > 0)
        {
            LogDuplicates(logger, duplicates);
        }

        return new InboxResult(stored, duplicates);
    }

    private async Task<ItemOutcome> StoreAsync(UnitOfWork work, InboundItem item, DateTimeOffset now, List<NewEvent> pending)
    {
        const string ExistsSql = "SELECT COUNT(*) FROM messages WHERE channel = @Channel AND external_id = @ExternalId";
        if (await work.ScalarAsync<long>(ExistsSql, new { item.Channel, item.ExternalId }) > 0)
        {
            return ItemOutcome.Duplicate;
        }

        var fromCustomer = item.Direction == InboundDirection.FromCustomer;
        var chat = fromCustomer
            ? await opener.FindOrOpenAsync(work, item, now, pending)
            : await opener.FindLatestAsync(work, item.Channel, item.ConversationKey);
        if (chat is null)
        {
            LogEchoWithoutChat(logger, item.Channel);
            return ItemOutcome.Skipped;
        }

        var sentAt = item.Activity.Timestamp ?? now;
        var message = TranscriptMessage.Create(
            chat.Id,
            item.Channel,
            item.ExternalId,
            item.Activity,
            fromCustomer ? SenderKind.Visitor : SenderKind.Operator,
            senderId: fromCustomer ? chat.VisitorId : null,
            senderName: fromCustomer ? item.Visitor.Name : item.Activity.From?.Name ?? "Business (outside the gateway)",
            sentAt,
            now,
            fromCustomer ? Channels.Inbox.DeliveryState.Delivered : Channels.Inbox.DeliveryState.Sent);
        if (!await TranscriptMessage.InsertAsync(work, message))
        {
            return ItemOutcome.Duplicate;
        }

        if (fromCustomer)
        {
            await opener.TouchAsync(work, chat, item, sentAt, now, pending);

            // A chat a bot answers: the bot gets the customer's message after commit (bot_deliveries), or a human keyword queues it.
            await bots.OnCustomerMessageAsync(work, chat, message, item.Visitor.Name, now, pending);
        }

        pending.Add(new NewEvent("chat.message", chat.Id, chat.DepartmentId, null, message.ToView()));
        await ChatOpener.AfterStoredAsync(work, chat, now, pending);
        return ItemOutcome.Stored;
    }

    /// <summary>The customer's "talk to a human" (docs/bots.md): their bot's chat is queued as a HumanKeyword would queue it.</summary>
    private async Task<ItemOutcome> AskForHumanAsync(UnitOfWork work, InboundItem item, DateTimeOffset now, List<NewEvent> pending)
    {
        var chat = await opener.FindOpenAsync(work, item.Channel, item.ConversationKey);
        if (chat is null || !await BotDeliveries.CustomerAsksForHumanAsync(work, chat, now, pending))
        {
            return ItemOutcome.Skipped;
        }

        await opener.TouchAsync(work, chat, item, customerMessageAt: null, now, pending);
        return ItemOutcome.Stored;
    }

    private async Task<ItemOutcome> RecordTypingAsync(UnitOfWork work, InboundItem item, DateTimeOffset now, List<NewEvent> pending)
    {
        var chat = await opener.FindOpenAsync(work, item.Channel, item.ConversationKey);
        if (chat is null || item.Direction != InboundDirection.FromCustomer)
        {
            return ItemOutcome.Skipped;
        }

        await opener.TouchAsync(work, chat, item, customerMessageAt: null, now, pending);
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
