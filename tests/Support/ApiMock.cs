using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace LiveChat.Testing;

/// <summary>
/// A WireMock.Net server on 127.0.0.1 standing in for a third-party API (Graph, a helpdesk, OpenAI). Routes are
/// <c>"METHOD /path"</c> (path without query) or <c>"*"</c> for any request: <see cref="On"/> sets a route's standing
/// answer, <see cref="Enqueue"/> scripts one-off answers that come first, in order (a WireMock scenario per route: 500,
/// then 503, then the standing 201). Answers can be errors, 429s with Retry-After and delays; <see cref="Requests"/> is
/// WireMock's request log. Tests that need WireMock's own matchers (a query parameter, a header) use <see cref="Server"/>.
/// A connection dropped after the work was done is beyond WireMock: those tests use <see cref="StubServer"/>.
/// </summary>
public sealed class ApiMock : IDisposable
{
    // Scripted answers win over standing ones, specific routes over "*".
    private const int QueuedPriority = 10;
    private const int RoutePriority = 100;
    private const int AnyPriority = 1000;
    private readonly ConcurrentDictionary<string, int> _queued = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private ApiMock(WireMockServer server)
    {
        Server = server;
        BaseUri = new Uri(server.Url!.TrimEnd('/') + "/");
    }

    public WireMockServer Server { get; }

    public Uri BaseUri { get; }

    public static ApiMock Start()
    {
        var mock = new ApiMock(WireMockServer.Start(new WireMockServerSettings
        {
            Urls = ["http://127.0.0.1:0"],
            Logger = new WireMockNullLogger(),
            StartTimeout = 30_000,
        }));

        // WireMock's first answer in a process is slow (JIT): without this a test's short attempt timeout could take it for a hang.
        using (var warmUp = new HttpClient())
        {
            using var answer = warmUp.GetAsync(new Uri(mock.BaseUri, "__warm-up")).GetAwaiter().GetResult();
        }

        mock.Server.ResetLogEntries();
        return mock;
    }

    public IReadOnlyList<RecordedRequest> Requests =>
        [.. Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Select(e => Record(e.RequestMessage))];

    /// <summary>The standing answer for <paramref name="route"/>; a later call replaces it.</summary>
    public ApiMock On(string route, StubResponse response)
    {
        lock (_gate)
        {
            var (request, priority) = Match(route);
            Server.Given(request).WithGuid(Guid(route)).AtPriority(priority).RespondWith(Build(response));
        }

        return this;
    }

    /// <summary>A standing answer made from each request (a fresh message id per send, say); no delays.</summary>
    public ApiMock On(string route, Func<RecordedRequest, StubResponse> respond)
    {
        lock (_gate)
        {
            var (request, priority) = Match(route);
            Server.Given(request).WithGuid(Guid(route)).AtPriority(priority)
                .RespondWith(Response.Create().WithCallback(message => Message(respond(Record(message)))));
        }

        return this;
    }

    /// <summary>One-off answers used, in order, before the route's standing answer.</summary>
    public ApiMock Enqueue(string route, params StubResponse[] responses)
    {
        lock (_gate)
        {
            foreach (var response in responses)
            {
                var step = _queued.AddOrUpdate(route, 1, (_, n) => n + 1) - 1;
                var mapping = Server.Given(Match(route).Request).AtPriority(QueuedPriority).InScenario(route);
                mapping = step == 0 ? mapping : mapping.WhenStateIs(State(step));
                mapping.WillSetStateTo(State(step + 1)).RespondWith(Build(response));
            }
        }

        return this;
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string route) =>
        [.. Requests.Where(r => string.Equals(r.Route, route, StringComparison.Ordinal))];

    /// <summary>Waits until at least <paramref name="count"/> requests matched <paramref name="route"/>.</summary>
    public Task<IReadOnlyList<RecordedRequest>> WaitForAsync(string route, int count = 1, TimeSpan? timeout = null) =>
        WaitForAsync(route, _ => true, count, timeout);

    /// <summary>Waits until at least <paramref name="count"/> requests to <paramref name="route"/> satisfied <paramref name="match"/>.</summary>
    public Task<IReadOnlyList<RecordedRequest>> WaitForAsync(
        string route, Func<RecordedRequest, bool> match, int count = 1, TimeSpan? timeout = null) =>
        Eventually.Until<IReadOnlyList<RecordedRequest>>(
            $"{count} matching request(s) to '{route}'",
            () => [.. RequestsTo(route).Where(match)],
            matching => matching.Count >= count,
            timeout);

    public void Dispose() => Server.Stop();

    private static (IRequestBuilder Request, int Priority) Match(string route)
    {
        if (route == "*")
        {
            return (Request.Create().UsingAnyMethod(), AnyPriority);
        }

        var space = route.IndexOf(' ', StringComparison.Ordinal);
        return (Request.Create().UsingMethod(route[..space]).WithPath(route[(space + 1)..]), RoutePriority);
    }

    private static IResponseBuilder Build(StubResponse response)
    {
        if (response.DropConnection)
        {
            throw new NotSupportedException("WireMock answers every request it takes; a dropped connection needs StubServer.");
        }

        var builder = Response.Create().WithStatusCode((int)response.Status);
        foreach (var (name, value) in response.Headers)
        {
            builder = builder.WithHeader(name, value);
        }

        if (response.Body is not null)
        {
            builder = builder.WithHeader("Content-Type", response.ContentType).WithBody(response.Body);
        }

        return response.Delay > TimeSpan.Zero ? builder.WithDelay(response.Delay) : builder;
    }

    private static ResponseMessage Message(StubResponse response)
    {
        if (response.DropConnection || response.Delay > TimeSpan.Zero)
        {
            throw new NotSupportedException("An answer made from the request can neither wait nor drop the connection.");
        }

        var message = new ResponseMessage { StatusCode = (int)response.Status };
        foreach (var (name, value) in response.Headers)
        {
            message.AddHeader(name, value);
        }

        if (response.Body is not null)
        {
            message.AddHeader("Content-Type", response.ContentType);
            message.BodyData = new BodyData { BodyAsString = response.Body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 };
        }

        return message;
    }

    private static RecordedRequest Record(IRequestMessage request)
    {
        var body = request.Body ?? (request.BodyAsBytes is { } bytes ? Encoding.UTF8.GetString(bytes) : string.Empty);
        var headers = (request.Headers ?? new Dictionary<string, WireMockList<string>>())
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(request.Method, request.Path, string.IsNullOrEmpty(request.RawQuery) ? "" : "?" + request.RawQuery.TrimStart('?'), headers, body);
    }

    private static string State(int step) => step.ToString(CultureInfo.InvariantCulture);

    // One mapping per standing route, so On() replaces rather than adds.
    private static Guid Guid(string route) =>
        new(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(route)).AsSpan(0, 16));
}
