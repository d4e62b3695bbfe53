using LiveChat.Channels.BotConnector;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Chats;

/// <summary>Finds the chat a customer's activity belongs to, opening one (and its visitor) when there is none.</summary>
public sealed class ChatOpener(IOptions<BotsOptions> bots)
{
    public const string ChatColumns = "id, channel, conversation_key, visitor_id, department_id, state, question, end_after_seconds";

    public static Task<ChatRef?> FindByIdAsync(UnitOfWork work, string chatId) =>
        work.SingleOrDefaultAsync<ChatRef>($"SELECT {ChatColumns} FROM chats WHERE id = @chatId", new { chatId });

    private const string OpenChatSql = $"SELECT {ChatColumns} FROM chats WHERE channel = @Channel AND conversation_key = @ConversationKey AND ended_at IS NULL";

    /// <summary>The open chat, else the most recent one: where a business's echo belongs.</summary>
    private const string LatestChatSql = $"SELECT {ChatColumns} FROM chats WHERE channel = @Channel AND conversation_key = @ConversationKey ORDER BY started_at DESC LIMIT 1";

    public static Task<ChatRef?> FindOpenAsync(UnitOfWork work, string channel, string conversationKey) =>
        work.SingleOrDefaultAsync<ChatRef>(OpenChatSql, new { Channel = channel, ConversationKey = conversationKey });

    /// <summary>
    /// What ingest needs before it stores messages of one customer thread, in one round trip: which of
    /// <paramref name="externalIds"/> are already stored, and the thread's chat (the open one, or for a business's
    /// echo the latest). For the customer's own messages the visitor is upserted first, unless every id is already
    /// stored: a redelivery writes nothing, and a visitor is always there when something is new.
    /// </summary>
    public static async Task<ThreadLookup> LookupAsync(UnitOfWork work, InboundItem item, IReadOnlyList<string> externalIds, DateTimeOffset now)
    {
        var v = item.Visitor;

        // One parameter per id, not an array: "external_id IN (...)" lets the planner use the partial unique index
        // (channel, external_id) for both columns, also in a cached generic plan; "= ANY(@array)" made it filter
        // the whole channel's messages.
        var parameters = new TypedParameters()
            .Add("Channel", item.Channel).Add("ConversationKey", item.ConversationKey).Add("count", externalIds.Count).Add("id", Ids.New("vi"))
            .Add("Name", v.Name).Add("Email", v.Email).Add("Phone", v.Phone).Add("Page", v.Page).Add("PageTitle", v.PageTitle)
            .Add("Referrer", v.Referrer).Add("Language", v.Language).Add("Country", v.Country).Add("Browser", v.Browser).Add("Os", v.Os)
            .Add("now", now);
        for (var i = 0; i < externalIds.Count; i++)
        {
            parameters.Add($"external{i}", externalIds[i]);
        }

        var anyOf = $"external_id IN ({string.Join(", ", externalIds.Select((_, i) => $"@external{i}"))})";
        var storedSql = $"SELECT external_id FROM messages WHERE channel = @Channel AND {anyOf}";
        var fromCustomer = item.Direction == InboundDirection.FromCustomer;
        var sql = fromCustomer
            ? $"""
              INSERT INTO visitors (id, channel, external_key, name, email, phone, page, page_title, referrer, language, country, browser, os, created_at, updated_at)
              SELECT @id, @Channel, @ConversationKey, @Name, @Email, @Phone, @Page, @PageTitle, @Referrer, @Language, @Country, @Browser, @Os, @now, @now
              WHERE (SELECT COUNT(*) FROM messages WHERE channel = @Channel AND {anyOf}) < @count
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
              RETURNING id;
              {storedSql};
              {OpenChatSql}
              """
            : $"{storedSql};\n{LatestChatSql}";
        using var results = await work.QueryMultipleAsync(sql, parameters);
        var visitorId = fromCustomer ? await results.ReadSingleOrDefaultAsync<string>() : null;
        var stored = (await results.ReadAsync<string>()).ToHashSet(StringComparer.Ordinal);
        var chat = await results.ReadSingleOrDefaultAsync<ChatRef>();
        return new ThreadLookup(stored, visitorId, chat);
    }

    /// <summary>Opens a chat for the customer's first activity; when a concurrent request opened it first, that chat is returned.</summary>
    public async Task<ChatRef> OpenAsync(UnitOfWork work, InboundItem item, string visitorId, DateTimeOffset now)
    {
        var departmentId = await ResolveDepartmentAsync(work, item.Visitor.DepartmentId);
        var chatId = Ids.New("ch");
        var question = FirstQuestion(item);

        // Bots (docs/bots.md): a chat whose channel or department a bot fronts starts with the bot, not in the queue.
        var bot = bots.Value.FrontingBot(item.Channel, departmentId);
        var state = bot is null ? ChatState.Queued : ChatState.Bot;

        // One round trip: the chat, its history line and its bot or the operators to ring. The statements after
        // the INSERT write only when it did, i.e. when no concurrent request opened the chat first.
        const string Opened = "WHERE EXISTS (SELECT 1 FROM chats WHERE id = @chatId)";
        using var results = await work.QueryMultipleAsync(
            $"""
            INSERT INTO chats (id, channel, conversation_key, visitor_id, department_id, state, question, started_at, queued_at,
                               last_visitor_activity_at, updated_at)
            VALUES (@chatId, @Channel, @ConversationKey, @visitorId, @departmentId, @state, @question, @now, @queuedAt, @now, @now)
            ON CONFLICT (channel, conversation_key) WHERE ended_at IS NULL DO NOTHING
            RETURNING id;
            INSERT INTO chat_history (chat_id, action, actor_kind, actor_id, detail, at) SELECT @chatId, 'opened', {Sql.Literal(ParticipantKind.Visitor)}, @visitorId, NULL, @now {Opened};
            {(bot is null
                ? IncomingChatAlert.RingingSql
                : $"INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at) SELECT @chatId, {Sql.Literal(ParticipantKind.Bot)}, @bot, @bot, {Sql.Literal(ParticipantRole.Owner)}, @now {Opened}")}
            """,
            new { chatId, item.Channel, item.ConversationKey, visitorId, departmentId, state, question, now, queuedAt = bot is null ? now : (DateTimeOffset?)null, bot, ringerOn = true });
        var inserted = await results.ReadSingleOrDefaultAsync<string>() is not null;
        var ringing = bot is null ? await results.ReadAsync<string>() : [];
        if (!inserted)
        {
            // Another request opened it first and has committed; use theirs.
            return await FindOpenAsync(work, item.Channel, item.ConversationKey)
                ?? throw new InvalidOperationException("The open chat disappeared while it was being opened.");
        }

        var opened = new ChatRef { Id = chatId, Channel = item.Channel, ConversationKey = item.ConversationKey, VisitorId = visitorId, DepartmentId = departmentId, State = state, Question = question, JustOpened = true };
        if (bot is not null)
        {
            work.Raise(new ChatBot(chatId, item.Channel, departmentId, question, bot, new EventVisitor(visitorId, item.Visitor.Name), null, now), EventRoute.Chat(chatId, departmentId));
            return opened;
        }

        var queued = new ChatQueued(chatId, item.Channel, departmentId, question, new EventVisitor(visitorId, item.Visitor.Name), now);
        work.Raise(queued, EventRoute.Chat(chatId, departmentId));
        IncomingChatAlert.Raise(work, queued, ringing);
        return opened;
    }

    /// <summary>After the activity that opened a chat is stored: the visitor is told their place in the queue.</summary>
    public static async Task AfterStoredAsync(UnitOfWork work, ChatRef chat, DateTimeOffset now)
    {
        if (chat.JustOpened && chat.State == ChatState.Queued)
        {
            await QueueNotices.TellPositionAsync(work, chat, now, now);
        }
    }

    /// <summary>
    /// The visitor left (widget closed, conversation ended by the client): an open chat ends, a queued one is
    /// missed. Without an open chat there is nothing to do, so a redelivery is harmless.
    /// </summary>
    public async Task<bool> VisitorLeftAsync(UnitOfWork work, InboundItem item, DateTimeOffset now)
    {
        var chat = await FindOpenAsync(work, item.Channel, item.ConversationKey);
        if (chat is null)
        {
            return false;
        }

        var by = Actor.Visitor(chat.VisitorId);
        if (chat.State == ChatState.Queued)
        {
            return await ChatLifecycle.TryMissAsync(work, chat.Id, CloseGuard.Queued, now, EndReasons.VisitorLeft, by, now) is not null;
        }

        return await ChatLifecycle.TryEndAsync(work, chat.Id, CloseGuard.Open, now, EndReasons.VisitorLeft, by, now) is not null;
    }

    /// <summary>
    /// The visitor was active (<paramref name="items"/>, in order): restart the timers, remember the first question. <see cref="TouchSql"/> with
    /// these as parameters (and @chatId, @now) is the write; a chat that is ending restarts its countdown, which only ever moves later:
    /// a message whose transaction started before an operator's "end after N s" never shortens it.
    /// </summary>
    public static ChatTouch PlanTouch(ChatRef chat, IEnumerable<InboundItem> items, DateTimeOffset? customerMessageAt, DateTimeOffset now) => new(
        customerMessageAt,
        chat.Question is null && customerMessageAt is not null ? items.Select(FirstQuestion).FirstOrDefault(question => question is not null) : null,
        chat.State == ChatState.Ending && chat.EndAfterSeconds is { } seconds ? now.AddSeconds(seconds) : null);

    public static readonly string TouchSql =
        $"""
        UPDATE chats SET last_visitor_activity_at = @now,
                         last_customer_message_at = COALESCE(@customerMessageAt, last_customer_message_at),
                         question = COALESCE(question, @question),
                         auto_end_at = CASE WHEN state = {Sql.Literal(ChatState.Ending)} AND (auto_end_at IS NULL OR auto_end_at < COALESCE(@autoEndAt, auto_end_at))
                                            THEN COALESCE(@autoEndAt, auto_end_at) ELSE auto_end_at END,
                         updated_at = @now
        WHERE id = @chatId
        """;

    public static async Task TouchAsync(UnitOfWork work, ChatRef chat, ChatTouch touch, DateTimeOffset now)
    {
        // SQLite matches parameter names case-sensitively: each name is spelled as in TouchSql.
        await work.ExecuteAsync(TouchSql, new { now, customerMessageAt = touch.CustomerMessageAt, question = touch.Question, autoEndAt = touch.AutoEndAt, chatId = chat.Id });
        RestartedEnding(work, chat, touch);
    }

    public static void RestartedEnding(UnitOfWork work, ChatRef chat, ChatTouch touch)
    {
        if (touch.AutoEndAt is { } autoEndAt)
        {
            work.Raise(new ChatEnding(chat.Id, autoEndAt, null, Restarted: true, null), EventRoute.Chat(chat.Id, chat.DepartmentId));
        }
    }

    /// <summary>The requested department when it exists, else the default one.</summary>
    private static async Task<string> ResolveDepartmentAsync(UnitOfWork work, string? requested) =>
        await work.ScalarAsync<string>(
            "SELECT COALESCE((SELECT id FROM departments WHERE id = @requested), (SELECT id FROM departments WHERE is_default = @yes))",
            new { requested, yes = true })
        ?? throw new InvalidOperationException("There is no default department; the start-up bootstrap creates one.");

    private static string? FirstQuestion(InboundItem item)
    {
        var text = item.Visitor.Question ?? item.Activity.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        return SafeText.Cut(text, 500);
    }
}

/// <summary>What the visitor's activity changes on their chat (see <see cref="ChatOpener.PlanTouch"/>).</summary>
public sealed record ChatTouch(DateTimeOffset? CustomerMessageAt, string? Question, DateTimeOffset? AutoEndAt);
