using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace LiveChat.Gateway.Tests.Tickets;

/// <summary>
/// A Zendesk played by a stub server that keeps the tickets it created: every POST that reaches it
/// creates one (it does not rely on the idempotency key, so a second create would show as a second
/// ticket), and <c>GET /api/v2/tickets?external_id=</c> finds them. Per chat, the next answers can be
/// scripted: refuse without creating, or create and then answer badly (lost response, slow answer).
/// </summary>
public sealed class FakeZendesk : IAsyncDisposable
{
    public const string Create = "POST /api/v2/tickets";
    public const string List = "GET /api/v2/tickets";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Step>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CreatedTicket> _tickets = new();
    private long _nextId = 9000;

    private FakeZendesk(StubServer stub)
    {
        Stub = stub;
        stub.On(Create, OnCreate).On(List, OnList);
    }

    public StubServer Stub { get; }

    public string BaseUrl => Stub.BaseUri.ToString().TrimEnd('/');

    public static async Task<FakeZendesk> StartAsync() => new(await StubServer.StartAsync());

    public IReadOnlyList<CreatedTicket> TicketsFor(string chatId) => [.. _tickets.Where(t => t.ChatId == chatId)];

    public IReadOnlyList<RecordedRequest> CreatesFor(string chatId) =>
        [.. Stub.RequestsTo(Create).Where(r => ExternalId(r) == chatId)];

    public IReadOnlyList<RecordedRequest> LookupsFor(string chatId) =>
        [.. Stub.RequestsTo(List).Where(r => r.Query.Contains($"external_id={Uri.EscapeDataString(chatId)}", StringComparison.Ordinal))];

    /// <summary>The next create for this chat gets <paramref name="answer"/> and creates nothing.</summary>
    public FakeZendesk Refuse(string chatId, StubResponse answer) => Script(chatId, new Step(answer, Creates: false));

    /// <summary>The next create for this chat creates the ticket, then answers with <paramref name="shape"/>'s changes (lost, delayed...).</summary>
    public FakeZendesk CreateThen(string chatId, Func<StubResponse, StubResponse> shape) => Script(chatId, new Step(null, Creates: true, shape));

    public async Task<CreatedTicket> WaitForTicketAsync(string chatId, TimeSpan? timeout = null)
    {
        var tickets = await Eventually.Until($"a Zendesk ticket for {chatId}", () => TicketsFor(chatId), t => t.Count > 0, timeout);
        return tickets[0];
    }

    private FakeZendesk Script(string chatId, Step step)
    {
        _scripts.GetOrAdd(chatId, _ => new ConcurrentQueue<Step>()).Enqueue(step);
        return this;
    }

    private StubResponse OnCreate(RecordedRequest request)
    {
        var chatId = ExternalId(request) ?? "";
        var step = _scripts.TryGetValue(chatId, out var queue) && queue.TryDequeue(out var next) ? next : new Step(null, Creates: true);
        if (!step.Creates)
        {
            return step.Answer!;
        }

        var body = request.Json().GetProperty("ticket");
        var tags = body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
        var ticket = new CreatedTicket(Interlocked.Increment(ref _nextId), chatId, tags, body, request);
        _tickets.Enqueue(ticket);
        var answer = StubResponse.Json(Describe(ticket), HttpStatusCode.Created);
        return step.Shape is null ? answer : step.Shape(answer);
    }

    private StubResponse OnList(RecordedRequest request)
    {
        var query = System.Web.HttpUtility.ParseQueryString(request.Query);
        var found = new JsonArray([.. _tickets.Where(t => t.ChatId == query["external_id"]).Select(t => JsonNode.Parse(Describe(t))!["ticket"]!.DeepClone())]);
        return StubResponse.Json(new JsonObject { ["tickets"] = found }.ToJsonString());
    }

    private static string Describe(CreatedTicket ticket) =>
        new JsonObject
        {
            ["ticket"] = new JsonObject
            {
                ["id"] = ticket.Id,
                ["external_id"] = ticket.ChatId,
                ["tags"] = new JsonArray([.. ticket.Tags.Select(t => JsonValue.Create(t))]),
            },
        }.ToJsonString();

    private static string? ExternalId(RecordedRequest request) =>
        request.Json().GetProperty("ticket").TryGetProperty("external_id", out var id) ? id.GetString() : null;

    public ValueTask DisposeAsync() => Stub.DisposeAsync();

    private sealed record Step(StubResponse? Answer, bool Creates, Func<StubResponse, StubResponse>? Shape = null);
}

/// <summary>A ticket the fake helpdesk holds: its id, the chat it was made for, and what it was sent.</summary>
public sealed record CreatedTicket(long Id, string ChatId, IReadOnlyList<string> Tags, JsonElement Body, RecordedRequest Request)
{
    public string Subject => Body.GetProperty("subject").GetString()!;

    public string Comment => Body.GetProperty("comment").GetProperty("body").GetString()!;
}
