using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Channels.Outbox;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Outbox;

/// <summary>
/// Delivers committed outbound messages through each channel's API. Rows are claimed with a lease, only
/// the oldest pending message of a chat at a time (so a customer reads replies in order), on PostgreSQL with
/// FOR UPDATE SKIP LOCKED so nodes share the work. A node that dies mid-send loses its lease and another
/// node sends again: delivery is at least once.
/// </summary>
public sealed partial class OutboxDispatcher(
    Db db,
    IEnumerable<IChannelSender> senders,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : WakeableWorker(signal)
{
    private readonly Dictionary<string, IChannelSender> _senders = senders.ToDictionary(s => s.Channel, StringComparer.Ordinal);

    protected override Task<int> WorkDueAsync(CancellationToken cancellationToken) => DispatchDueAsync(cancellationToken);

    protected override void OnRoundFailed(Exception exception) => LogDispatchFailed(logger, exception);

    /// <summary>Claims and sends what is due now; returns how many messages it handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, SendOneAsync);
        return claimed.Count;
    }

    private async Task<IReadOnlyList<Claim>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);

        // Walks the queue in id order and stops at the batch: the head of a chat is one index probe
        // (ix_outbox_chat), so a claim costs the same with 20 or 20,000 messages waiting. As an anti-join
        // PostgreSQL hashed the whole backlog on every claim (27 ms at 18,000, bench scenario 4).
        var claimed = await work.QueryAsync<Claim>(
            $"""
            UPDATE outbox SET locked_until = @leaseEnd, attempts = attempts + 1
            WHERE id IN (
                SELECT o.id FROM outbox o
                WHERE o.next_attempt_at <= @now AND (o.locked_until IS NULL OR o.locked_until < @now)
                  AND o.id = (SELECT MIN(p.id) FROM outbox p WHERE p.chat_id = o.chat_id)
                ORDER BY o.id LIMIT @batch{db.ForUpdateSkipLocked})
            RETURNING id, message_id, chat_id, channel, attempts
            """,
            new { now, leaseEnd = now + options.Value.Lease, batch = options.Value.BatchSize });
        var list = claimed.ToList();
        await work.CommitAsync(cancellationToken);
        return list;
    }

    private async ValueTask SendOneAsync(Claim claim, CancellationToken cancellationToken)
    {
        SendOutcome outcome;
        var target = await LoadAsync(claim, cancellationToken);
        if (target is null)
        {
            outcome = new SendOutcome.Failed("gone", "The message or its chat no longer exists.");
        }
        else if (options.Value.PullChannels.Contains(claim.Channel, StringComparer.Ordinal))
        {
            outcome = new SendOutcome.Sent(null);
        }
        else if (!_senders.TryGetValue(claim.Channel, out var sender))
        {
            outcome = new SendOutcome.Failed("channel_not_configured", $"The {claim.Channel} channel is not configured on this gateway.");
        }
        else
        {
            try
            {
                outcome = await sender.SendAsync(target, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogSendThrew(logger, claim.Channel, exception);
                outcome = new SendOutcome.Retry("The channel sender failed unexpectedly.", null);
            }
        }

        await RecordAsync(claim, outcome, cancellationToken);
    }

    private async Task<OutboundMessage?> LoadAsync(Claim claim, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TargetRow>(new CommandDefinition(
            """
            SELECT m.activity, m.sender_kind, c.conversation_key, c.last_customer_message_at
            FROM messages m JOIN chats c ON c.id = m.chat_id WHERE m.id = @MessageId
            """,
            claim,
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var activity = JsonSerializer.Deserialize(row.Activity, ActivityJson.Default.Activity)!;
        return new OutboundMessage(claim.MessageId, row.ConversationKey, activity, row.LastCustomerMessageAt, row.SenderKind == ParticipantKind.Operator);
    }

    private async Task RecordAsync(Claim claim, SendOutcome outcome, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var departmentId = await work.ScalarAsync<string>("SELECT department_id FROM chats WHERE id = @ChatId", claim);
        switch (outcome)
        {
            case SendOutcome.Sent sent:
                await MarkSentAsync(work, claim, sent.ExternalId, now);
                await work.ExecuteAsync("DELETE FROM outbox WHERE id = @Id", claim);
                RaiseStatus(work, claim, departmentId, DeliveryState.Sent, now, null);
                break;
            case SendOutcome.Retry retry when claim.Attempts < options.Value.MaxAttempts:
                await work.ExecuteAsync(
                    "UPDATE outbox SET locked_until = NULL, next_attempt_at = @next, last_error = @Reason WHERE id = @Id",
                    new { next = OutboxBackoff.NextAttemptAt(claim.Attempts, now, retry.After, Random.Shared.NextDouble()), retry.Reason, claim.Id });
                break;
            case SendOutcome.Retry retry:
                await FailAsync(work, claim, "retries_exhausted", $"Gave up after {claim.Attempts} attempts: {retry.Reason}", departmentId, now);
                break;
            case SendOutcome.Failed failed:
                await FailAsync(work, claim, failed.Code, failed.Reason, departmentId, now);
                break;
        }

        await work.CommitAsync(cancellationToken);
    }

    private static async Task MarkSentAsync(UnitOfWork work, Claim claim, string? externalId, DateTimeOffset now)
    {
        var status = (int)DeliveryState.Sent;
        if (externalId is not null)
        {
            // The channel's echo of this very message may have been stored first: fold it in, keeping its later status.
            var echoStatus = await work.ScalarAsync<int?>(
                "DELETE FROM messages WHERE channel = @Channel AND external_id = @externalId AND id <> @MessageId RETURNING status",
                new { claim.Channel, externalId, claim.MessageId });
            status = Math.Max(status, echoStatus ?? 0);
        }

        await work.ExecuteAsync(
            "UPDATE messages SET external_id = COALESCE(@externalId, external_id), status = CASE WHEN status < @status THEN @status ELSE status END, status_at = @now WHERE id = @MessageId",
            new { externalId, status, now, claim.MessageId });
    }

    private static async Task FailAsync(UnitOfWork work, Claim claim, string code, string reason, string? departmentId, DateTimeOffset now)
    {
        await work.ExecuteAsync(
            "UPDATE messages SET status = @failed, status_at = @now, error_code = @code, error_message = @reason WHERE id = @MessageId",
            new { failed = (int)DeliveryState.Failed, now, code, reason, claim.MessageId });
        await work.ExecuteAsync("DELETE FROM outbox WHERE id = @Id", claim);
        RaiseStatus(work, claim, departmentId, DeliveryState.Failed, now, new MessageError(code, reason));
    }

    private static void RaiseStatus(UnitOfWork work, Claim claim, string? departmentId, DeliveryState state, DateTimeOffset at, MessageError? error)
    {
        var status = new ChatMessageStatus(claim.ChatId, claim.MessageId, TranscriptMessage.StatusName(state), at, error);
        work.Raise(state == DeliveryState.Failed ? new ChatMessageFailed(status) : status, EventRoute.Chat(claim.ChatId, departmentId));
    }

    private sealed record Claim
    {
        public long Id { get; init; }
        public required string MessageId { get; init; }
        public required string ChatId { get; init; }
        public required string Channel { get; init; }
        public int Attempts { get; init; }
    }

    private sealed record TargetRow
    {
        public required string Activity { get; init; }
        public required string SenderKind { get; init; }
        public required string ConversationKey { get; init; }
        public DateTimeOffset? LastCustomerMessageAt { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed; retrying")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Channel} sender threw; the message will be retried")]
    private static partial void LogSendThrew(ILogger logger, string channel, Exception exception);
}
