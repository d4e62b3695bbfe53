using System.Data.Common;
using LiveChat.Gateway.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LiveChat.Gateway.Tests.Reports;

/// <summary>Migration 0017 fills the report's columns of the chats stored before it, from their rows, on both providers.</summary>
public sealed class ReportColumnsBackfillTests
{
    /// <summary>A chat a bot handed off, picked up, transferred, answered (after an internal note) and summarised; and a missed one.</summary>
    private const string Rows = """
        INSERT INTO departments (id, name, is_default, created_at) VALUES ('dep-b', 'Backfill', false, '2026-11-01T09:00:00.0000000Z');
        INSERT INTO visitors (id, channel, external_key, created_at, updated_at) VALUES
            ('vis-b1', 'whatsapp', 'b1', '2026-11-01T09:00:00.0000000Z', '2026-11-01T09:00:00.0000000Z'),
            ('vis-b2', 'whatsapp', 'b2', '2026-11-01T09:00:00.0000000Z', '2026-11-01T09:00:00.0000000Z');
        INSERT INTO chats (id, channel, conversation_key, visitor_id, department_id, state, started_at, queued_at, assigned_at, ended_at, end_reason, last_visitor_activity_at, updated_at) VALUES
            ('chat-b1', 'whatsapp', 'b1', 'vis-b1', 'dep-b', 'ended', '2026-11-01T10:00:00.0000000Z', '2026-11-01T10:01:00.0000000Z', '2026-11-01T10:05:00.0000000Z',
             '2026-11-01T10:30:00.0000000Z', 'operator', '2026-11-01T10:00:00.0000000Z', '2026-11-01T10:30:00.0000000Z'),
            ('chat-b2', 'whatsapp', 'b2', 'vis-b2', 'dep-b', 'missed', '2026-11-01T11:00:00.0000000Z', '2026-11-01T11:00:00.0000000Z', NULL,
             '2026-11-01T11:02:00.0000000Z', 'missed', '2026-11-01T11:00:00.0000000Z', '2026-11-01T11:02:00.0000000Z');
        INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at, left_at) VALUES
            ('chat-b1', 'bot', 'faq', 'FAQ bot', 'owner', '2026-11-01T10:00:00.0000000Z', '2026-11-01T10:01:00.0000000Z'),
            ('chat-b1', 'operator', 'op-b1', 'Anna', 'owner', '2026-11-01T10:02:00.0000000Z', '2026-11-01T10:05:00.0000000Z'),
            ('chat-b1', 'operator', 'op-b2', 'Ben', 'owner', '2026-11-01T10:05:00.0000000Z', NULL),
            ('chat-b1', 'operator', 'op-b3', 'Carla', 'invited', '2026-11-01T10:01:30.0000000Z', NULL);
        INSERT INTO messages (id, chat_id, channel, direction, sender_kind, activity_type, text, activity, sent_at, created_at, internal) VALUES
            ('m-b1', 'chat-b1', 'whatsapp', 'out', 'operator', 'message', 'a note', '{}', '2026-11-01T10:02:30.0000000Z', '2026-11-01T10:02:30.0000000Z', true),
            ('m-b2', 'chat-b1', 'whatsapp', 'out', 'operator', 'message', 'Hello', '{}', '2026-11-01T10:03:00.0000000Z', '2026-11-01T10:03:00.0000000Z', false),
            ('m-b3', 'chat-b1', 'whatsapp', 'out', 'operator', 'message', 'More', '{}', '2026-11-01T10:06:00.0000000Z', '2026-11-01T10:06:00.0000000Z', false),
            ('m-b4', 'chat-b2', 'whatsapp', 'in', 'visitor', 'message', 'Hi?', '{}', '2026-11-01T11:00:00.0000000Z', '2026-11-01T11:00:00.0000000Z', false);
        INSERT INTO chat_history (chat_id, action, actor_kind, actor_id, detail, at) VALUES
            ('chat-b1', 'handedOff', 'bot', 'faq', NULL, '2026-11-01T10:01:00.0000000Z'),
            ('chat-b1', 'pickedUp', 'operator', 'op-b1', NULL, '2026-11-01T10:02:00.0000000Z'),
            ('chat-b1', 'transferred', 'operator', 'op-b1', NULL, '2026-11-01T10:05:00.0000000Z'),
            ('chat-b2', 'missed', 'system', NULL, NULL, '2026-11-01T11:02:00.0000000Z');
        INSERT INTO chat_summaries (chat_id, text, provider, language, trigger, generated_at) VALUES
            ('chat-b1', 'Asked about an invoice.', 'builtin', 'en', 'end', '2026-11-01T10:30:00.0000000Z');
        """;

    [Fact]
    public async Task PostgresChatsStoredBeforeTheMigrationGetTheirColumns()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        var chats = await MigrateAroundAsync(connection, StorageProvider.Postgres);

        AssertFilled(chats);
    }

    [Fact]
    public async Task SqliteChatsStoredBeforeTheMigrationGetTheirColumns()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();

        var chats = await MigrateAroundAsync(connection, StorageProvider.Sqlite);

        AssertFilled(chats);
    }

    /// <summary>Applies the migrations before 0017, stores <see cref="Rows"/>, applies 0017, and reads the two chats in id order.</summary>
    private static async Task<List<ReportColumns>> MigrateAroundAsync(DbConnection connection, StorageProvider provider)
    {
        DapperSetup.Apply();
        var migrations = Migrator.Discover(provider);
        foreach (var migration in migrations.Where(m => m.Version < 17))
        {
            await connection.ExecuteAsync(migration.Sql);
        }

        await connection.ExecuteAsync(Rows);
        await connection.ExecuteAsync(migrations.Single(m => m.Version == 17).Sql);
        return [.. await connection.QueryAsync<ReportColumns>(
            "SELECT first_assigned_at, first_reply_at, bot_joined, handoffs, transfers, reassignments, summaries FROM chats ORDER BY id")];
    }

    private static void AssertFilled(List<ReportColumns> chats)
    {
        var at = (string time) => DateTimeOffset.Parse($"2026-11-01T{time}+00:00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            [
                new ReportColumns { FirstAssignedAt = at("10:02:00"), FirstReplyAt = at("10:03:00"), BotJoined = true, Handoffs = 1, Transfers = 1, Summaries = 1 },
                new ReportColumns(),
            ],
            chats);
    }
}
