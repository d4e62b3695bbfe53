using LiveChat.Channels.BotConnector;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Routing;

namespace LiveChat.Gateway.Chats;

/// <summary>The open chat of a customer thread, as much of it as ingest needs.</summary>
public sealed record ChatRef
{
    public required string Id { get; init; }
    public required string Channel { get; init; }
    public required string ConversationKey { get; init; }
    public required string VisitorId { get; init; }
    public required string DepartmentId { get; init; }
    public required string State { get; init; }
    public string? Question { get; init; }
    public int? EndAfterSeconds { get; init; }

    /// <summary>Opened by this very activity: the visitor is told their place in the queue once their message is stored.</summary>
    public bool JustOpened { get; init; }
}

/// <summary>Finds the chat a customer's activity belongs to, opening one (and its visitor) when there is none.</summary>
public sealed class ChatOpener(IOptions<BotsOptions> bots)
{
    public const string ChatColumns = "id, channel, conversation_key, visitor_id, department_id, state, question, end_after_seconds";

    public static Task<ChatRef?> FindByIdAsync(UnitOfWork work, string chatId) =>
        work.SingleOrDefaultAsync<ChatRef>($"SELECT {ChatColumns} FROM chats WHERE id = @chatId", new { chatId });

    public Task<ChatRef?> FindOpenAsync(UnitOfWork work, string channel, string conversationKey) =>
        work.SingleOrDefaultAsync<ChatRef>(
            $"SELECT {ChatColumns} FROM chats WHERE channel = @channel AND conversation_key = @conversationKey AND ended_at IS NULL",
            new { channel, conversationKey });

    /// <summary>The open chat, else the most recent one: where a business's echo belongs.</summary>
    public Task<ChatRef?> FindLatestAsync(UnitOfWork work, string channel, string conversationKey) =>
        work.SingleOrDefaultAsync<ChatRef>(
            $"SELECT {ChatColumns} FROM chats WHERE channel = @channel AND conversation_key = @conversationKey ORDER BY started_at DESC LIMIT 1",
            new { channel, conversationKey });

    public async Task<ChatRef> FindOrOpenAsync(UnitOfWork work, InboundItem item, DateTimeOffset now, List<NewEvent> pending)
    {
        var visitorId = await UpsertVisitorAsync(work, item, now);
        var open = await FindOpenAsync(work, item.Channel, item.ConversationKey);
        if (open is not null)
        {
            return open;
        }

        var departmentId = await ResolveDepartmentAsync(work, item.Visitor.DepartmentId);
        var chatId = Ids.New("ch");
        var question = FirstQuestion(item);

        // Bots (docs/bots.md): a chat whose channel or department a bot fronts starts with the bot, not in the queue.
        var bot = bots.Value.FrontingBot(item.Channel, departmentId);
        var state = bot is null ? "queued" : "bot";
        var inserted = await work.ScalarAsync<string>(
            """
            INSERT INTO chats (id, channel, conversation_key, visitor_id, department_id, state, question, started_at, queued_at,
                               last_visitor_activity_at, updated_at)
            VALUES (@chatId, @Channel, @ConversationKey, @visitorId, @departmentId, @state, @question, @now, @queuedAt, @now, @now)
            ON CONFLICT (channel, conversation_key) WHERE ended_at IS NULL DO NOTHING
            RETURNING id
            """,
            new { chatId, item.Channel, item.ConversationKey, visitorId, departmentId, state, question, now, queuedAt = bot is null ? now : (DateTimeOffset?)null });
        if (inserted is null)
        {
            // Another request opened it first and has committed; use theirs.
            return await FindOpenAsync(work, item.Channel, item.ConversationKey)
                ?? throw new InvalidOperationException("The open chat disappeared while it was being opened.");
        }

        await ChatHistory.AddAsync(work, chatId, "opened", "visitor", visitorId, null, now);
        if (bot is not null)
        {
            await work.ExecuteAsync(
                "INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at) VALUES (@chatId, 'bot', @bot, @bot, 'owner', @now)",
                new { chatId, bot, now });
            pending.Add(new NewEvent("chat.bot", chatId, departmentId, null, new { chatId, channel = item.Channel, departmentId, question, bot, visitor = new { id = visitorId, name = item.Visitor.Name }, at = now }));
            return new ChatRef { Id = chatId, Channel = item.Channel, ConversationKey = item.ConversationKey, VisitorId = visitorId, DepartmentId = departmentId, State = state, Question = question, JustOpened = true };
        }

        var queued = new
        {
            chatId,
            channel = item.Channel,
            departmentId,
            question,
            visitor = new { id = visitorId, name = item.Visitor.Name },
            queuedAt = now,
        };
        pending.Add(new NewEvent("chat.queued", chatId, departmentId, null, queued));
        await IncomingChatAlert.RaiseAsync(work, chatId, departmentId, queued, pending);
        return new ChatRef { Id = chatId, Channel = item.Channel, ConversationKey = item.ConversationKey, VisitorId = visitorId, DepartmentId = departmentId, State = "queued", Question = question, JustOpened = true };
    }

    /// <summary>After the activity that opened a chat is stored: the visitor is told their place in the queue.</summary>
    public static async Task AfterStoredAsync(UnitOfWork work, ChatRef chat, DateTimeOffset now, List<NewEvent> pending)
    {
        if (chat.JustOpened && chat.State == "queued")
        {
            await QueueNotices.TellPositionAsync(work, chat, now, now, pending);
        }
    }

    /// <summary>
    /// The visitor left (widget closed, conversation ended by the client): an open chat ends, a queued one is
    /// missed. Without an open chat there is nothing to do, so a redelivery is harmless.
    /// </summary>
    public async Task<bool> VisitorLeftAsync(UnitOfWork work, InboundItem item, DateTimeOffset now, List<NewEvent> pending)
    {
        var chat = await FindOpenAsync(work, item.Channel, item.ConversationKey);
        if (chat is null)
        {
            return false;
        }

        var by = Actor.Visitor(chat.VisitorId);
        if (chat.State == "queued")
        {
            return await ChatLifecycle.TryMissAsync(work, chat.Id, ChatLifecycle.Queued, now, EndReasons.VisitorLeft, by, now, pending) is not null;
        }

        return await ChatLifecycle.TryEndAsync(work, chat.Id, ChatLifecycle.OpenStates, now, EndReasons.VisitorLeft, by, now, pending) is not null;
    }

    /// <summary>
    /// The visitor was active: restart the timers, remember the first question. The end countdown only ever moves
    /// later: a message whose transaction started before an operator's "end after N s" never shortens it.
    /// </summary>
    public async Task TouchAsync(UnitOfWork work, ChatRef chat, InboundItem item, DateTimeOffset? customerMessageAt, DateTimeOffset now, List<NewEvent> pending)
    {
        DateTimeOffset? autoEndAt = chat.State == "ending" && chat.EndAfterSeconds is { } seconds ? now.AddSeconds(seconds) : null;
        var question = chat.Question is null && customerMessageAt is not null ? FirstQuestion(item) : null;
        var restart = autoEndAt is null
            ? string.Empty
            : "auto_end_at = CASE WHEN state = 'ending' AND (auto_end_at IS NULL OR auto_end_at < @autoEndAt) THEN @autoEndAt ELSE auto_end_at END,";
        await work.ExecuteAsync(
            $"""
            UPDATE chats SET last_visitor_activity_at = @now,
                             last_customer_message_at = COALESCE(@customerMessageAt, last_customer_message_at),
                             question = COALESCE(question, @question),
                             {restart}
                             updated_at = @now
            WHERE id = @Id
            """,
            new { now, customerMessageAt, question, autoEndAt, chat.Id });
        if (autoEndAt is not null)
        {
            pending.Add(new NewEvent("chat.ending", chat.Id, chat.DepartmentId, null, new { chatId = chat.Id, autoEndAt, restarted = true }));
        }
    }

    private static async Task<string> UpsertVisitorAsync(UnitOfWork work, InboundItem item, DateTimeOffset now)
    {
        var v = item.Visitor;
        return (await work.ScalarAsync<string>(
            """
            INSERT INTO visitors (id, channel, external_key, name, email, phone, page, page_title, referrer, language, country, browser, os, created_at, updated_at)
            VALUES (@id, @Channel, @ConversationKey, @Name, @Email, @Phone, @Page, @PageTitle, @Referrer, @Language, @Country, @Browser, @Os, @now, @now)
            ON CONFLICT (channel, external_key) DO UPDATE SET
                name = COALESCE(excluded.name, visitors.name),
                email = COALESCE(excluded.email, visitors.email),
                phone = COALESCE(excluded.phone, visitors.phone),
                page = COALESCE(excluded.page, visitors.page),
                page_title = COALESCE(excluded.page_title, visitors.page_title),
                referrer = COALESCE(excluded.referrer, visitors.referrer),
                language = COALESCE(excluded.language, visitors.language),
                country = COALESCE(excluded.country, visitors.country),
                browser = COALESCE(excluded.browser, visitors.browser),
                os = COALESCE(excluded.os, visitors.os),
                updated_at = excluded.updated_at
            RETURNING id
            """,
            new
            {
                id = Ids.New("vi"),
                item.Channel,
                item.ConversationKey,
                v.Name,
                v.Email,
                v.Phone,
                v.Page,
                v.PageTitle,
                v.Referrer,
                v.Language,
                v.Country,
                v.Browser,
                v.Os,
                now,
            }))!;
    }

    private static async Task<string> ResolveDepartmentAsync(UnitOfWork work, string? requested)
    {
        if (requested is not null &&
            await work.ScalarAsync<string>("SELECT id FROM departments WHERE id = @requested", new { requested }) is { } found)
        {
            return found;
        }

        return await work.ScalarAsync<string>("SELECT id FROM departments WHERE is_default = @yes", new { yes = true })
            ?? throw new InvalidOperationException("There is no default department; the start-up bootstrap creates one.");
    }

    private static string? FirstQuestion(InboundItem item)
    {
        var text = item.Visitor.Question ?? item.Activity.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        return text.Length <= 500 ? text : text[..500];
    }
}
