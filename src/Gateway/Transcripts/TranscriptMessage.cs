using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Transcripts;

/// <summary>One stored message of a chat's transcript: how it is made and written (its public shape: <see cref="TranscriptMessageViews"/>).</summary>
public sealed record TranscriptMessage
{
    public long Seq { get; init; }
    public required string Id { get; init; }
    public required string ChatId { get; init; }
    public required string Channel { get; init; }
    public string? ExternalId { get; init; }
    public required string Direction { get; init; }
    public required string SenderKind { get; init; }
    public string? SenderId { get; init; }
    public string? SenderName { get; init; }
    public required string ActivityType { get; init; }
    public string? Text { get; init; }
    public string? Attachments { get; init; }
    public required string Activity { get; init; }
    public int Status { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public DateTimeOffset SentAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>A note for the operators only (Chats/ChatNotes.cs): never sent to, nor shown to, the customer.</summary>
    public bool Internal { get; init; }

    public const string Columns = "seq, id, chat_id, channel, external_id, direction, sender_kind, sender_id, sender_name, activity_type, text, attachments, activity, status, error_code, error_message, sent_at, created_at, internal";

    public static TranscriptMessage Create(
        string chatId, string channel, string? externalId, Activity activity, SenderKind sender, string? senderId, string? senderName,
        DateTimeOffset sentAt, DateTimeOffset now, DeliveryState status)
    {
        var id = Ids.New("msg");
        var stamped = activity with { Id = activity.Id ?? id, Timestamp = activity.Timestamp ?? sentAt };
        return new TranscriptMessage
        {
            Id = id,
            ChatId = chatId,
            Channel = channel,
            ExternalId = externalId,
            Direction = sender == Transcripts.SenderKind.Visitor ? "in" : "out",
            SenderKind = sender.ToString().ToLowerInvariant(),
            SenderId = senderId,
            SenderName = senderName,
            ActivityType = activity.Type,
            Text = activity.Text,
            Attachments = activity.Attachments is { Count: > 0 } list ? JsonSerializer.Serialize(list, ActivityJson.Default.IReadOnlyListAttachment) : null,
            Activity = JsonSerializer.Serialize(stamped, ActivityJson.Default.Activity),
            Status = (int)status,
            SentAt = sentAt,
            CreatedAt = now,
        };
    }

    private const string InsertColumns =
        "id, chat_id, channel, external_id, direction, sender_kind, sender_id, sender_name, activity_type, text, attachments, activity, status, status_at, sent_at, created_at, internal";

    private const string SkipRedelivered = "ON CONFLICT (channel, external_id) WHERE external_id IS NOT NULL DO NOTHING";

    /// <summary>Inserts unless the channel already delivered this external id; false means it was a duplicate.</summary>
    public static async Task<bool> InsertAsync(UnitOfWork work, TranscriptMessage message) =>
        await work.ScalarAsync<long?>($"{InsertSql} RETURNING seq", message) is not null;

    /// <summary>Inserts one message with this record's properties as parameters; a redelivered external id is skipped.</summary>
    public const string InsertSql =
        $"""
        INSERT INTO messages ({InsertColumns})
        VALUES (@Id, @ChatId, @Channel, @ExternalId, @Direction, @SenderKind, @SenderId, @SenderName, @ActivityType, @Text, @Attachments,
                @Activity, @Status, @CreatedAt, @SentAt, @CreatedAt, @Internal)
        {SkipRedelivered}
        """;

    /// <summary>
    /// One multi-row INSERT for <paramref name="messages"/>, skipping external ids already stored, into
    /// <paramref name="parameters"/>; the statement returns the ids it inserted.
    /// </summary>
    public static string InsertManySql(IReadOnlyList<TranscriptMessage> messages, TypedParameters parameters)
    {
        var rows = new string[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            rows[i] = $"(@id{i}, @chat{i}, @channel{i}, @external{i}, @direction{i}, @sender{i}, @senderId{i}, @senderName{i}, @type{i}, @text{i}, @attachments{i}, @activity{i}, @status{i}, @created{i}, @sent{i}, @created{i}, @internal{i})";
            parameters
                .Add($"id{i}", m.Id).Add($"chat{i}", m.ChatId).Add($"channel{i}", m.Channel).Add($"external{i}", m.ExternalId)
                .Add($"direction{i}", m.Direction).Add($"sender{i}", m.SenderKind).Add($"senderId{i}", m.SenderId).Add($"senderName{i}", m.SenderName)
                .Add($"type{i}", m.ActivityType).Add($"text{i}", m.Text).Add($"attachments{i}", m.Attachments).Add($"activity{i}", m.Activity)
                .Add($"status{i}", m.Status).Add($"created{i}", m.CreatedAt).Add($"sent{i}", m.SentAt).Add($"internal{i}", m.Internal);
        }

        return $"INSERT INTO messages ({InsertColumns}) VALUES {string.Join(", ", rows)} {SkipRedelivered} RETURNING id";
    }

    public static string StatusName(DeliveryState state) => state.ToString().ToLowerInvariant();
}
