using System.Reflection;
using System.Text.RegularExpressions;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Storage;

namespace LiveChat.Gateway.Tests.Storage;

/// <summary>The named states are the values the schema's CHECK constraints allow, and render into SQL as literals.</summary>
public sealed partial class StateNamesTests
{
    [Theory]
    [InlineData(typeof(ChatState), "chats", "state")]
    [InlineData(typeof(RequestKind), "chat_requests", "kind")]
    [InlineData(typeof(RequestState), "chat_requests", "state")]
    [InlineData(typeof(ParticipantRole), "chat_participants", "role")]
    [InlineData(typeof(ParticipantKind), "messages", "sender_kind")]
    [InlineData(typeof(TicketRequestKind), "ticket_requests", "kind")]
    [InlineData(typeof(TicketState), "ticket_requests", "state")]
    [InlineData(typeof(SummaryJobState), "summary_jobs", "state")]
    [InlineData(typeof(HandoffState), "bot_handoffs", "state")]
    [InlineData(typeof(OperatorState), "operators", "status")]
    [InlineData(typeof(Roles), "operators", "role")]
    public void NamesAreTheValuesTheSchemaAllows(Type names, string table, string column)
    {
        var named = names.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(Allowed(table, column).Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ParticipantsAreOperatorsOrBots() =>
        Assert.Equal([ParticipantKind.Operator, ParticipantKind.Bot], Allowed("chat_participants", "kind"));

    [Fact]
    public void GroupsRenderAsSqlLiteralLists()
    {
        Assert.Equal("IN ('active', 'ending')", Sql.In(ChatState.WithOperator));
        Assert.Equal("IN ('bot', 'active', 'ending')", Sql.In(ChatState.Open));
        Assert.Equal("'queued'", Sql.Literal(ChatState.Queued));
    }

    [Fact]
    public void GroupsKnowTheirMembers()
    {
        Assert.True(ChatState.WithOperator.Contains(ChatState.Ending));
        Assert.False(ChatState.WithOperator.Contains(ChatState.Bot));
        Assert.True(ChatState.Reassignable.Contains(ChatState.Queued));
        Assert.False(ChatState.Open.Contains(ChatState.Ended));
    }

    /// <summary>The values of <c>CHECK (column IN (...))</c> in the PostgreSQL migrations' CREATE TABLE of <paramref name="table"/>.</summary>
    private static List<string> Allowed(string table, string column)
    {
        var schema = string.Join('\n', Migrator.Discover(StorageProvider.Postgres).Select(m => m.Sql));
        var create = Regex.Match(schema, $@"CREATE TABLE {table} \((.*?)\n\);", RegexOptions.Singleline);
        Assert.True(create.Success, $"no CREATE TABLE {table}");
        var check = Regex.Match(create.Groups[1].Value, $@"\b{column}\s+text NOT NULL(?: DEFAULT '\w+')? CHECK \({column} IN \(([^)]*)\)\)");
        Assert.True(check.Success, $"no CHECK on {table}.{column}");
        return [.. QuotedValue().Matches(check.Groups[1].Value).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedValue();
}
