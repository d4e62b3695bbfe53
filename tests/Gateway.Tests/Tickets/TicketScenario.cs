using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Storage;
using LiveChat.Gateway.Tickets;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests.Tickets;

/// <summary>
/// Seeds ended and missed chats as the routing code leaves them: customer messages through the real
/// inbox, then ONE transaction that ends (or misses) the chat and writes its pending ticket request.
/// </summary>
public static class TicketScenario
{
    public sealed record Conversation(string Channel, string Key, string Question, string? Name = null, string? Email = null)
    {
        public IReadOnlyList<string> FollowUps { get; init; } = [];
        public IReadOnlyList<string> OperatorReplies { get; init; } = [];
        public string OperatorName { get; init; } = "Anna Support";
        public IReadOnlyList<string> Tags { get; init; } = [];
        public string? Summary { get; init; }
        public string? AttachmentUrl { get; init; }
        public string? DepartmentId { get; init; }
    }

    public static Conversation NewConversation(string question, string? name = "Sheena Nelson", string? email = "sheena@example.test") =>
        new("webchat", $"dl-{Guid.NewGuid():N}", question, name, email);

    /// <summary>Ingests the conversation and ends it; returns the chat id.</summary>
    public static async Task<string> EndedChatAsync(this GatewayApp app, Conversation conversation)
    {
        var chatId = await app.OpenChatAsync(conversation);
        await app.EndChatAsync(chatId, conversation);
        return chatId;
    }

    /// <summary>Ingests the question and declares the chat missed; returns the chat id.</summary>
    public static async Task<string> MissedChatAsync(this GatewayApp app, Conversation conversation)
    {
        var chatId = await app.OpenChatAsync(conversation);
        await app.EndChatAsync(chatId, conversation, missed: true);
        return chatId;
    }

    /// <summary>Ingests the conversation through the real inbox; returns the chat id.</summary>
    public static async Task<string> OpenChatAsync(this GatewayApp app, Conversation c)
    {
        var profile = new VisitorProfile { Name = c.Name, Email = c.Email, DepartmentId = c.DepartmentId };
        var items = new List<InboundItem> { Item(c, c.Question, profile, InboundDirection.FromCustomer, c.AttachmentUrl) };
        items.AddRange(c.OperatorReplies.Select(text => Item(c, text, VisitorProfile.Unknown, InboundDirection.EchoFromBusiness, null, c.OperatorName)));
        items.AddRange(c.FollowUps.Select(text => Item(c, text, profile, InboundDirection.FromCustomer, null)));
        foreach (var item in items)
        {
            // One by one, so the transcript order is the order above.
            await app.Inbox.IngestAsync(InboundBatch.Of(item), CancellationToken.None);
        }

        await using var connection = await app.Services.GetRequiredService<Db>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string>("SELECT id FROM chats WHERE conversation_key = @Key", c)
            ?? throw new InvalidOperationException($"No chat for {c.Key}.");
    }

    /// <summary>What ending (or missing) a chat does, in one transaction: final state, tags, summary, and the pending ticket request.</summary>
    public static async Task EndChatAsync(this GatewayApp app, string chatId, Conversation c, bool missed = false)
    {
        var (state, kind) = missed ? ("missed", "missed") : ("ended", "transcript");
        var db = app.Services.GetRequiredService<Db>();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var work = await db.BeginAsync(CancellationToken.None);
        await work.ExecuteAsync(
            "UPDATE chats SET state = @state, ended_at = @now, end_reason = @reason, updated_at = @now WHERE id = @chatId",
            new { state, now, reason = missed ? "not_picked_up" : "operator", chatId });
        foreach (var tag in c.Tags)
        {
            await work.ExecuteAsync("INSERT INTO chat_tags (chat_id, tag) VALUES (@chatId, @tag)", new { chatId, tag });
        }

        if (c.Summary is not null)
        {
            await work.ExecuteAsync(
                "INSERT INTO chat_summaries (chat_id, text, provider, language, trigger, generated_at) VALUES (@chatId, @Summary, 'builtin', 'en', 'ended', @now)",
                new { chatId, c.Summary, now });
        }

        await work.ExecuteAsync(
            """
            INSERT INTO ticket_requests (id, chat_id, kind, state, attempts, next_attempt_at, created_at, updated_at)
            VALUES (@id, @chatId, @kind, 'pending', 0, @now, @now, @now)
            """,
            new { id = $"tkt_{Guid.CreateVersion7():N}", chatId, kind, now });
        await work.CommitAsync(CancellationToken.None);
        app.Services.GetRequiredService<TicketSignal>().Wake();
    }

    /// <summary>The chat's ticket request as <c>GET /api/v1/tickets?chatId=</c> lists it.</summary>
    public static async Task<JsonElement> TicketOfAsync(this OperatorClient client, string chatId)
    {
        var list = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/tickets?chatId={chatId}");
        return Assert.Single(list.EnumerateArray());
    }

    /// <summary>
    /// Waits until the chat's ticket request is in <paramref name="state"/> and matches <paramref name="also"/>. Up to
    /// 30 s: at the start of a full run a dozen gateways start their Hangfire servers at once, and a first attempt was
    /// once seen to take over 15 s there (never alone); a ticket that never runs still fails the test.
    /// </summary>
    public static Task<JsonElement> WaitForTicketAsync(this OperatorClient client, string chatId, string state, Func<JsonElement, bool>? also = null) =>
        Eventually.Until(
            $"the ticket of {chatId} to be {state}",
            () => client.TicketOfAsync(chatId),
            ticket => ticket.GetProperty("state").GetString() == state && (also?.Invoke(ticket) ?? true),
            TimeSpan.FromSeconds(30));

    /// <summary>
    /// Runs the chat's ticket job once more, now, whatever its state (as Hangfire would after a worker's lease ran out, or
    /// someone requeued it on the dashboard), and waits for that run to end; returns the job's state after it.
    /// </summary>
    public static async Task<string> RunTicketJobAgainAsync(this GatewayApp app, string chatId)
    {
        await using var connection = await app.Services.GetRequiredService<Db>().OpenAsync(CancellationToken.None);
        var jobId = await connection.ExecuteScalarAsync<string>("SELECT job_id FROM ticket_requests WHERE chat_id = @chatId", new { chatId })
            ?? throw new InvalidOperationException($"The ticket request of {chatId} has no job.");
        Assert.True(app.Services.GetRequiredService<IBackgroundJobClient>().Requeue(jobId));
        using var storage = app.Services.GetRequiredService<JobStorage>().GetConnection();
        return await Eventually.Until(
            $"the ticket job {jobId} to run again",
            () => storage.GetJobData(jobId)?.State ?? "missing",
            state => state != EnqueuedState.StateName && state != ProcessingState.StateName);
    }

    public static void WakeTickets(this GatewayApp app) => app.Services.GetRequiredService<TicketSignal>().Wake();

    private static InboundItem Item(Conversation c, string text, VisitorProfile profile, InboundDirection direction, string? attachmentUrl, string? senderName = null) =>
        new(
            c.Channel,
            $"ext-{Guid.NewGuid():N}",
            c.Key,
            new Activity
            {
                Type = ActivityTypes.Message,
                ChannelId = c.Channel,
                Text = text,
                From = direction == InboundDirection.FromCustomer
                    ? new ChannelAccount { Id = $"{c.Channel}:{c.Key}", Name = c.Name, Role = "user" }
                    : new ChannelAccount { Id = "business", Name = senderName, Role = "agent" },
                Conversation = new ConversationAccount { Id = c.Key },
                Attachments = attachmentUrl is null ? null : [new Attachment { ContentType = "image/jpeg", ContentUrl = attachmentUrl, Name = "photo.jpg" }],
                Timestamp = DateTimeOffset.UtcNow,
            },
            profile,
            direction);
}
