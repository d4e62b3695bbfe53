using LiveChat.Gateway.Tests.Bots;
using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Reports;

/// <summary>
/// The report reads what each chat keeps about itself (migration 0017): its first owner and first reply, whether a bot
/// took part, its handoffs, transfers, reassignments and summaries. For chats made through the API these must be what
/// the participants, messages, history and summaries of the chat say.
/// </summary>
public sealed class ChatReportColumnsTests(RoutingFixture fixture) : IClassFixture<RoutingFixture>
{
    [Fact]
    public async Task TransfersReassignmentsAndTheFirstReplyAreKeptOnTheChatAsTheyHappen()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Report columns {Guid.NewGuid():N}");
        var anna = await fixture.App.OnlineAsync(admin, "agent", department);
        var ben = await fixture.App.OnlineAsync(admin, "agent", department);
        var supervisor = await fixture.App.OnlineAsync(admin, "supervisor", department);
        var chatId = await fixture.QueueChatAsync(department);

        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        var pickedUp = fixture.Clock.GetUtcNow();
        (await anna.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        (await anna.PostAsync($"/api/v1/chats/{chatId}/notes", new { text = "Internal: not an answer" })).EnsureSuccessStatusCode();
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        var replied = fixture.Clock.GetUtcNow();
        (await anna.PostAsync($"/api/v1/chats/{chatId}/messages", new { text = "Hello, let me look." })).EnsureSuccessStatusCode();
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        (await anna.PostAsync($"/api/v1/chats/{chatId}/transfer", new { operatorId = ben.Id })).EnsureSuccessStatusCode();
        (await ben.PostAsync($"/api/v1/chats/{chatId}/transfer/accept")).EnsureSuccessStatusCode();
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        (await ben.PostAsync($"/api/v1/chats/{chatId}/messages", new { text = "Billing here." })).EnsureSuccessStatusCode();
        (await supervisor.PostAsync($"/api/v1/chats/{chatId}/reassign", new { operatorId = anna.Id })).EnsureSuccessStatusCode();
        (await anna.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();

        var kept = await ReportColumns.AgreeAsync(fixture, chatId);

        Assert.Equal(pickedUp, kept.FirstAssignedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(replied, kept.FirstReplyAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal((false, 0, 1, 1), (kept.BotJoined, kept.Handoffs, kept.Transfers, kept.Reassignments));
    }

    [Fact]
    public async Task AMissedChatKeepsNoOwnerAndNoReply()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Report missed {Guid.NewGuid():N}");
        var chatId = await fixture.QueueChatAsync(department);
        fixture.Clock.Advance(TimeSpan.FromSeconds(121));
        await fixture.SweepAsync();

        var kept = await ReportColumns.AgreeAsync(fixture, chatId);

        Assert.Equal("missed", (await admin.ChatAsync(chatId)).GetProperty("state").GetString());
        Assert.Equal((null, null, 0, 0, 0), (kept.FirstAssignedAt, kept.FirstReplyAt, kept.Handoffs, kept.Transfers, kept.Reassignments));
    }
}

/// <summary>The same for a chat a bot answered and handed to an operator.</summary>
public sealed class BotChatReportColumnsTests(BotFixture fixture) : IClassFixture<BotFixture>
{
    [Fact]
    public async Task ABotsHandoffIsKeptOnTheChat()
    {
        var (chatId, _) = await fixture.CustomerWritesAsync($"4917{Random.Shared.NextInt64(10_000_000, 99_999_999)}", "human please");
        await fixture.EchoSaysAsync(chatId, "Let me find someone.");
        (await fixture.Echo().PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "event", name = "handoff.initiate" })).EnsureSuccessStatusCode();
        var admin = await fixture.App.AdminAsync();
        var departmentId = (await admin.ChatAsync(chatId)).GetProperty("departmentId").GetString()!;
        var agent = await fixture.App.OnlineAsync(admin, "agent", departmentId);
        (await agent.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();

        var kept = await ReportColumns.AgreeAsync(fixture, chatId);

        Assert.Equal((true, 1, 0, 0), (kept.BotJoined, kept.Handoffs, kept.Transfers, kept.Reassignments));
        Assert.NotNull(kept.FirstAssignedAt);
        Assert.Null(kept.FirstReplyAt);
    }
}

/// <summary>What a chat keeps for the report, checked against the rows it is kept from.</summary>
public sealed record ReportColumns
{
    public DateTimeOffset? FirstAssignedAt { get; init; }
    public DateTimeOffset? FirstReplyAt { get; init; }
    public bool BotJoined { get; init; }
    public int Handoffs { get; init; }
    public int Transfers { get; init; }
    public int Reassignments { get; init; }
    public int Summaries { get; init; }

    /// <summary>Reads the chat's columns and the same figures computed from its rows (as the report did before 0017); they must be equal.</summary>
    public static async Task<ReportColumns> AgreeAsync(GatewayFixture fixture, string chatId)
    {
        await using var connection = await fixture.Database.OpenAsync();
        var kept = await connection.QuerySingleAsync<ReportColumns>(
            """
            SELECT first_assigned_at, first_reply_at, bot_joined, handoffs, transfers, reassignments, summaries FROM chats WHERE id = @chatId
            """,
            new { chatId });
        var fromRows = await connection.QuerySingleAsync<ReportColumns>(
            """
            SELECT
                (SELECT MIN(joined_at) FROM chat_participants WHERE chat_id = @chatId AND kind = 'operator' AND role = 'owner') AS first_assigned_at,
                (SELECT MIN(sent_at) FROM messages WHERE chat_id = @chatId AND sender_kind = 'operator' AND NOT internal) AS first_reply_at,
                EXISTS (SELECT 1 FROM chat_participants WHERE chat_id = @chatId AND kind = 'bot') AS bot_joined,
                (SELECT COUNT(*) FROM chat_history WHERE chat_id = @chatId AND action = 'handedOff') AS handoffs,
                (SELECT COUNT(*) FROM chat_history WHERE chat_id = @chatId AND action = 'transferred') AS transfers,
                (SELECT COUNT(*) FROM chat_history WHERE chat_id = @chatId AND action = 'reassigned') AS reassignments,
                (SELECT COUNT(*) FROM chat_summaries WHERE chat_id = @chatId) AS summaries
            """,
            new { chatId });
        Assert.Equal(fromRows, kept);
        return kept;
    }
}
