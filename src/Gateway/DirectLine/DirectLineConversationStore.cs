using LiveChat.Channels.DirectLine;
using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.DirectLine;

/// <summary>The widget's Direct Line conversations, one row each (migration 0005).</summary>
public sealed class DirectLineConversationStore(Db db) : IDirectLineConversations
{
    public async Task CreateAsync(DirectLineConversation conversation, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO directline_conversations (id, user_id, user_name, visitor, created_at, started_at) VALUES (@Id, @UserId, @UserName, @Visitor, @CreatedAt, @StartedAt)",
            new
            {
                conversation.Id,
                conversation.UserId,
                conversation.UserName,
                Visitor = JsonSerializer.Serialize(conversation.Visitor, DirectLineJson.Default.VisitorProfile),
                conversation.CreatedAt,
                conversation.StartedAt,
            },
            cancellationToken: cancellationToken));
    }

    public async Task<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, user_id, user_name, visitor, created_at, started_at FROM directline_conversations WHERE id = @conversationId",
            new { conversationId },
            cancellationToken: cancellationToken));
        return row is null
            ? null
            : new DirectLineConversation(
                row.Id,
                row.UserId,
                row.UserName,
                row.CreatedAt,
                row.StartedAt,
                JsonSerializer.Deserialize(row.Visitor, DirectLineJson.Default.VisitorProfile) ?? VisitorProfile.Unknown);
    }

    public async Task<bool> StartAsync(string conversationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE directline_conversations SET started_at = @at WHERE id = @conversationId AND started_at IS NULL",
            new { conversationId, at },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task SaveVisitorAsync(string conversationId, VisitorProfile visitor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE directline_conversations SET visitor = @visitor WHERE id = @conversationId",
            new { conversationId, visitor = JsonSerializer.Serialize(visitor, DirectLineJson.Default.VisitorProfile) },
            cancellationToken: cancellationToken));
    }

    private sealed record Row
    {
        public required string Id { get; init; }
        public required string UserId { get; init; }
        public string? UserName { get; init; }
        public required string Visitor { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? StartedAt { get; init; }
    }
}
