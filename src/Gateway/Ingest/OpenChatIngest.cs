using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;
using Npgsql;
using static LiveChat.Gateway.Storage.PgArrays;

namespace LiveChat.Gateway.Ingest;

/// <summary>
/// The common case on a busy day, set-based (PostgreSQL): customers writing into chats that are open and in human
/// hands. However many such customer threads a group transaction holds, they cost two round trips: one reads
/// which external ids are stored and the threads' open chats, one writes every message, touches every chat and
/// refreshes the visitors whose profile changed. Each statement has one text whatever the count (arrays, not
/// row lists), so the server keeps it prepared. Everything else (a chat to open, a bot's chat, typing, leaving,
/// echoes) goes on to <see cref="ChannelInbox"/>'s thread-by-thread path in the same transaction.
/// </summary>
internal static class OpenChatIngest
{
    /// <summary>
    /// Left to itself, PostgreSQL planned the set-based statements below anew on every execution: with the arrays' real
    /// lengths a custom plan always looked a little cheaper than the generic one, and planning cost as much as running
    /// them (pg_stat_statements, bench scenario 1). Their plan does not depend on the values: the same index lookups
    /// for one row or fifty. For this transaction only, prepared statements use their generic plan.
    /// </summary>
    private const string GenericPlansSql = "SET LOCAL plan_cache_mode = force_generic_plan";

    private const string StoredSql =
        """
        SELECT m.channel, m.external_id
        FROM unnest($1::text[], $2::text[]) AS x(channel, external_id)
        JOIN messages m ON m.channel = x.channel AND m.external_id = x.external_id
        WHERE m.external_id IS NOT NULL
        """;

    private const string OpenChatsSql =
        """
        SELECT c.id, c.channel, c.conversation_key, c.visitor_id, c.department_id, c.state, c.question, c.end_after_seconds,
               v.name, v.email, v.phone, v.page, v.page_title, v.referrer, v.language, v.country, v.browser, v.os
        FROM unnest($1::text[], $2::text[]) AS t(channel, conversation_key)
        JOIN chats c ON c.channel = t.channel AND c.conversation_key = t.conversation_key
        JOIN visitors v ON v.id = c.visitor_id
        WHERE c.ended_at IS NULL
        """;

    private static readonly string InsertSql =
        $"""
        INSERT INTO messages (id, chat_id, channel, external_id, direction, sender_kind, sender_id, sender_name, activity_type, text,
                              attachments, activity, status, status_at, sent_at, created_at, internal)
        SELECT id, chat_id, channel, external_id, 'in', {Sql.Literal(ParticipantKind.Visitor)}, sender_id, sender_name, activity_type, text, attachments, activity,
               $12, $13, sent_at, $13, FALSE
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
             AS m(id, chat_id, channel, external_id, sender_id, sender_name, activity_type, text, attachments, activity, sent_at)
        ON CONFLICT (channel, external_id) WHERE external_id IS NOT NULL DO NOTHING
        RETURNING id
        """;

    /// <summary><see cref="ChatOpener.TouchSql"/> for many chats: a countdown only ever moves later.</summary>
    private static readonly string TouchSql =
        $"""
        UPDATE chats c SET last_visitor_activity_at = $5,
                           last_customer_message_at = COALESCE(t.customer_message_at, c.last_customer_message_at),
                           question = COALESCE(c.question, t.question),
                           auto_end_at = CASE WHEN c.state = {Sql.Literal(ChatState.Ending)} AND (c.auto_end_at IS NULL OR c.auto_end_at < COALESCE(t.auto_end_at, c.auto_end_at))
                                              THEN COALESCE(t.auto_end_at, c.auto_end_at) ELSE c.auto_end_at END,
                           updated_at = $5
        FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::timestamptz[]) AS t(id, customer_message_at, question, auto_end_at)
        WHERE c.id = t.id
        """;

    /// <summary>
    /// What the channel now says about the customer, field by field where it says anything; only a visitor whose stored
    /// profile this changes is written (the ingest found which from the lookup; the condition holds against a concurrent write).
    /// </summary>
    private const string RefreshVisitorsSql =
        """
        UPDATE visitors v SET name = COALESCE(u.name, v.name), email = COALESCE(u.email, v.email), phone = COALESCE(u.phone, v.phone),
                              page = COALESCE(u.page, v.page), page_title = COALESCE(u.page_title, v.page_title),
                              referrer = COALESCE(u.referrer, v.referrer), language = COALESCE(u.language, v.language),
                              country = COALESCE(u.country, v.country), browser = COALESCE(u.browser, v.browser), os = COALESCE(u.os, v.os),
                              updated_at = $12
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
             AS u(id, name, email, phone, page, page_title, referrer, language, country, browser, os)
        WHERE v.id = u.id
          AND (COALESCE(u.name, v.name) IS DISTINCT FROM v.name OR COALESCE(u.email, v.email) IS DISTINCT FROM v.email
               OR COALESCE(u.phone, v.phone) IS DISTINCT FROM v.phone OR COALESCE(u.page, v.page) IS DISTINCT FROM v.page
               OR COALESCE(u.page_title, v.page_title) IS DISTINCT FROM v.page_title OR COALESCE(u.referrer, v.referrer) IS DISTINCT FROM v.referrer
               OR COALESCE(u.language, v.language) IS DISTINCT FROM v.language OR COALESCE(u.country, v.country) IS DISTINCT FROM v.country
               OR COALESCE(u.browser, v.browser) IS DISTINCT FROM v.browser OR COALESCE(u.os, v.os) IS DISTINCT FROM v.os)
        """;

    /// <summary>
    /// Stores the threads of <paramref name="items"/> (sorted by thread) that this path takes; returns, in order, the
    /// entries it left for the thread-by-thread path. Redeliveries it finds are counted on their requests' tallies.
    /// </summary>
    public static async Task<List<Entry>> StoreAsync(UnitOfWork work, List<Entry> items, DateTimeOffset now)
    {
        var rest = new List<Entry>();
        var threads = new List<List<Entry>>();
        foreach (var thread in Threads(items))
        {
            if (Eligible(thread))
            {
                threads.Add(thread);
            }
            else
            {
                rest.AddRange(thread);
            }
        }

        if (threads.Count == 0)
        {
            return items;
        }

        var connection = (NpgsqlConnection)work.Connection;
        var transaction = (NpgsqlTransaction)work.Transaction;
        var (stored, chats) = await LookupAsync(connection, transaction, threads, work.CancellationToken);
        var plans = new List<ThreadPlan>(threads.Count);
        foreach (var thread in threads)
        {
            var first = thread[0].Item;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var fresh = new List<Entry>(thread.Count);
            foreach (var entry in thread)
            {
                if (stored.Contains((entry.Item.Channel, entry.Item.ExternalId)) || !seen.Add(entry.Item.ExternalId))
                {
                    entry.Tally.Add(ItemOutcome.Duplicate);
                    continue;
                }

                fresh.Add(entry);
            }

            if (fresh.Count == 0)
            {
                continue;
            }

            // A chat to open, or one a bot answers, takes the thread-by-thread path: routing, queue notices, the bot.
            if (!chats.TryGetValue((first.Channel, first.ConversationKey), out var open) || open.Chat.State == ChatState.Bot)
            {
                rest.AddRange(fresh);
                continue;
            }

            var chat = open.Chat;
            var messages = fresh.Select(entry => ChannelInbox.NewMessage(chat, entry.Item, now)).ToList();
            plans.Add(new ThreadPlan(
                chat, fresh, messages, ChatOpener.PlanTouch(chat, fresh.Select(entry => entry.Item), messages[^1].SentAt, now), Changes(first.Visitor, open.Visitor)));
        }

        if (plans.Count > 0)
        {
            var inserted = await WriteAsync(connection, transaction, plans, now, work.CancellationToken);
            foreach (var plan in plans)
            {
                Record(work, plan, inserted);
            }
        }

        // The thread-by-thread path keeps thread order, so concurrent transactions still lock chats in one order.
        return [.. rest.OrderBy(entry => entry.Item.Channel, StringComparer.Ordinal).ThenBy(entry => entry.Item.ConversationKey, StringComparer.Ordinal)];
    }

    private static IEnumerable<List<Entry>> Threads(List<Entry> items)
    {
        var thread = new List<Entry>();
        foreach (var entry in items)
        {
            if (thread.Count > 0 && !(thread[0].Item.Channel == entry.Item.Channel && thread[0].Item.ConversationKey == entry.Item.ConversationKey))
            {
                yield return thread;
                thread = [];
            }

            thread.Add(entry);
        }

        if (thread.Count > 0)
        {
            yield return thread;
        }
    }

    /// <summary>A thread of nothing but the customer's messages, all with one visitor profile.</summary>
    private static bool Eligible(List<Entry> thread) => thread.TrueForAll(entry =>
        entry.Item.Direction == InboundDirection.FromCustomer
        && entry.Item.Activity.Type is not (ActivityTypes.Typing or ActivityTypes.EndOfConversation)
        && !(entry.Item.Activity.Type == ActivityTypes.Event && entry.Item.Activity.Name == CustomerEvents.HandoffRequest)
        && entry.Item.Visitor == thread[0].Item.Visitor);

    private static async Task<(HashSet<(string, string)> Stored, Dictionary<(string, string), OpenChat> Chats)> LookupAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<List<Entry>> threads, CancellationToken cancellationToken)
    {
        var all = threads.SelectMany(thread => thread).Select(entry => entry.Item).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(GenericPlansSql),
                Command(StoredSql, Texts(all.Select(i => i.Channel)), Texts(all.Select(i => i.ExternalId))),
                Command(OpenChatsSql, Texts(threads.Select(t => t[0].Item.Channel)), Texts(threads.Select(t => t[0].Item.ConversationKey))),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var stored = new HashSet<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            stored.Add((reader.GetString(0), reader.GetString(1)));
        }

        await reader.NextResultAsync(cancellationToken);
        var chats = new Dictionary<(string, string), OpenChat>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var chat = new ChatRef
            {
                Id = reader.GetString(0),
                Channel = reader.GetString(1),
                ConversationKey = reader.GetString(2),
                VisitorId = reader.GetString(3),
                DepartmentId = reader.GetString(4),
                State = reader.GetString(5),
                Question = reader.IsDBNull(6) ? null : reader.GetString(6),
                EndAfterSeconds = reader.IsDBNull(7) ? null : reader.GetInt32(7),
            };
            string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
            var visitor = new VisitorProfile
            {
                Name = Text(8), Email = Text(9), Phone = Text(10), Page = Text(11), PageTitle = Text(12),
                Referrer = Text(13), Language = Text(14), Country = Text(15), Browser = Text(16), Os = Text(17),
            };
            chats[(chat.Channel, chat.ConversationKey)] = new OpenChat(chat, visitor);
        }

        return (stored, chats);
    }

    /// <summary>
    /// Inserts every planned message, touches every planned chat and refreshes changed visitors in one round trip;
    /// returns the ids of the messages inserted. A chat is touched even when a concurrent redelivery stored its
    /// messages first: that transaction touches it the same way, and a countdown only moves later.
    /// </summary>
    private static async Task<HashSet<string>> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<ThreadPlan> plans, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var messages = plans.SelectMany(plan => plan.Messages).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(
                    InsertSql,
                    Texts(messages.Select(m => m.Id)),
                    Texts(messages.Select(m => m.ChatId)),
                    Texts(messages.Select(m => m.Channel)),
                    Texts(messages.Select(m => m.ExternalId)),
                    Texts(messages.Select(m => m.SenderId)),
                    Texts(messages.Select(m => m.SenderName)),
                    Texts(messages.Select(m => m.ActivityType)),
                    Texts(messages.Select(m => m.Text)),
                    Texts(messages.Select(m => m.Attachments)),
                    Texts(messages.Select(m => m.Activity)),
                    Times(messages.Select(m => (DateTimeOffset?)m.SentAt)),
                    new NpgsqlParameter<int> { TypedValue = (int)DeliveryState.Delivered },
                    PgArrays.Time(now)),
                Command(
                    TouchSql,
                    Texts(plans.Select(p => p.Chat.Id)),
                    Times(plans.Select(p => p.Touch.CustomerMessageAt)),
                    Texts(plans.Select(p => p.Touch.Question)),
                    Times(plans.Select(p => p.Touch.AutoEndAt)),
                    PgArrays.Time(now)),
            },
        };

        // Most messages tell nothing new about their customer (WhatsApp repeats the profile name on each): no statement for them.
        var profiles = plans.Where(plan => plan.ChangesVisitor).ToList();
        if (profiles.Count > 0)
        {
            var visitors = profiles.Select(plan => plan.Entries[0].Item.Visitor).ToList();
            batch.BatchCommands.Add(Command(
                RefreshVisitorsSql,
                Texts(profiles.Select(plan => plan.Chat.VisitorId)),
                Texts(visitors.Select(v => v.Name)),
                Texts(visitors.Select(v => v.Email)),
                Texts(visitors.Select(v => v.Phone)),
                Texts(visitors.Select(v => v.Page)),
                Texts(visitors.Select(v => v.PageTitle)),
                Texts(visitors.Select(v => v.Referrer)),
                Texts(visitors.Select(v => v.Language)),
                Texts(visitors.Select(v => v.Country)),
                Texts(visitors.Select(v => v.Browser)),
                Texts(visitors.Select(v => v.Os)),
                PgArrays.Time(now)));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetString(0));
        }

        return inserted;
    }

    private static void Record(UnitOfWork work, ThreadPlan plan, HashSet<string> inserted)
    {
        if (plan.Messages.Any(message => inserted.Contains(message.Id)))
        {
            ChatOpener.RestartedEnding(work, plan.Chat, plan.Touch);
        }

        for (var i = 0; i < plan.Messages.Count; i++)
        {
            var message = plan.Messages[i];
            if (!inserted.Contains(message.Id))
            {
                plan.Entries[i].Tally.Add(ItemOutcome.Duplicate);
                continue;
            }

            work.Raise(new ChatMessageEvent(message.ToView()), EventRoute.Chat(plan.Chat.Id, plan.Chat.DepartmentId));
            plan.Entries[i].Tally.Add(ItemOutcome.Stored);
        }
    }

    /// <summary>True when <paramref name="told"/> names a field the stored profile does not have as told (a field it leaves empty changes nothing).</summary>
    private static bool Changes(VisitorProfile told, VisitorProfile stored)
    {
        static bool Differs(string? told, string? stored) => told is not null && !string.Equals(told, stored, StringComparison.Ordinal);
        return Differs(told.Name, stored.Name) || Differs(told.Email, stored.Email) || Differs(told.Phone, stored.Phone)
            || Differs(told.Page, stored.Page) || Differs(told.PageTitle, stored.PageTitle) || Differs(told.Referrer, stored.Referrer)
            || Differs(told.Language, stored.Language) || Differs(told.Country, stored.Country) || Differs(told.Browser, stored.Browser)
            || Differs(told.Os, stored.Os);
    }

    private sealed record OpenChat(ChatRef Chat, VisitorProfile Visitor);

    private sealed record ThreadPlan(ChatRef Chat, List<Entry> Entries, List<TranscriptMessage> Messages, ChatTouch Touch, bool ChangesVisitor);
}
