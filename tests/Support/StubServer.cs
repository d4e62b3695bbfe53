using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveChat.Testing;

/// <summary>
/// A real Kestrel server on 127.0.0.1 for the one thing WireMock.Net (<see cref="ApiMock"/>, which stands in for the
/// helpdesks, Graph and OpenAI everywhere else) cannot do: take a request, do the work, then drop the connection so
/// the caller never learns it succeeded (<see cref="StubResponse.Lost"/>) — the lost answer after which a ticket sink
/// must look its ticket up rather than create a second one (the sink tests' lost answers, and the Gateway tests'
/// FakeZendesk, which keeps the tickets it made across such drops). The Gateway tests also still use it for what is
/// not a SaaS API of ours to stand in for: the bots behind Bot Connector, the external token issuer's discovery and
/// keys, the shop pages the widget browser tests embed in, and the stand-in helpdesk pages the helpdesk-app browser
/// tests frame the embed page from (with their platform proxies, which forward to the gateway).
/// It records every request and answers from a script: queue one-off answers with <see cref="Enqueue"/>,
/// set the default per route with <see cref="On(string, StubResponse)"/>.
/// </summary>
public sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StubResponse>> _queued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<RecordedRequest, StubResponse>> _defaults = new(StringComparer.Ordinal);

    private StubServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<StubServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubServer(app);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        stub.BaseUri = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return stub;
    }

    /// <summary>Answers for "METHOD /path" (path without query), e.g. <c>"POST /v23.0/123/messages"</c>; <c>"*"</c> matches any.</summary>
    public StubServer On(string route, Func<RecordedRequest, StubResponse> respond)
    {
        _defaults[route] = respond;
        return this;
    }

    public StubServer On(string route, StubResponse response) => On(route, _ => response);

    /// <summary>One-off answers used, in order, before the route's default.</summary>
    public StubServer Enqueue(string route, params StubResponse[] responses)
    {
        var queue = _queued.GetOrAdd(route, _ => new ConcurrentQueue<StubResponse>());
        foreach (var response in responses)
        {
            queue.Enqueue(response);
        }

        return this;
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string route) =>
        [.. _requests.Where(r => string.Equals(r.Route, route, StringComparison.Ordinal))];

    /// <summary>Waits until at least <paramref name="count"/> requests matched <paramref name="route"/>.</summary>
    public Task<IReadOnlyList<RecordedRequest>> WaitForAsync(string route, int count = 1, TimeSpan? timeout = null) =>
        WaitForAsync(route, _ => true, count, timeout);

    /// <summary>Waits until at least <paramref name="count"/> requests to <paramref name="route"/> satisfied <paramref name="match"/>.</summary>
    public Task<IReadOnlyList<RecordedRequest>> WaitForAsync(string route, Func<RecordedRequest, bool> match, int count = 1, TimeSpan? timeout = null) =>
        Eventually.Until<IReadOnlyList<RecordedRequest>>(
            $"{count} matching request(s) to '{route}'",
            () => [.. RequestsTo(route).Where(match)],
            matching => matching.Count >= count,
            timeout);

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);

        var response = Pick(request);
        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Record(request);
                return;
            }
        }

        Record(request);
        if (response.DropConnection)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body, context.RequestAborted);
        }
    }

    private void Record(RecordedRequest request) => _requests.Enqueue(request);

    private StubResponse Pick(RecordedRequest request)
    {
        foreach (var key in new[] { request.Route, "*" })
        {
            if (_queued.TryGetValue(key, out var queue) && queue.TryDequeue(out var next))
            {
                return next;
            }
        }

        foreach (var key in new[] { request.Route, "*" })
        {
            if (_defaults.TryGetValue(key, out var respond))
            {
                return respond(request);
            }
        }

        return StubResponse.WithStatus(HttpStatusCode.NotFound);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public string Route => $"{Method} {Path}";

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public System.Text.Json.JsonElement Json() => System.Text.Json.JsonDocument.Parse(Body).RootElement.Clone();
}

public sealed record StubResponse
{
    public HttpStatusCode Status { get; init; } = HttpStatusCode.OK;
    public string? Body { get; init; }
    public string ContentType { get; init; } = "application/json";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public TimeSpan Delay { get; init; }
    /// <summary>Handle the request, then abort the connection: the caller never learns it succeeded.</summary>
    public bool DropConnection { get; init; }

    public static StubResponse Json(string body, HttpStatusCode status = HttpStatusCode.OK) => new() { Status = status, Body = body };

    public static StubResponse WithStatus(HttpStatusCode status) => new() { Status = status };

    public static StubResponse TooManyRequests(int retryAfterSeconds) => new()
    {
        Status = HttpStatusCode.TooManyRequests,
        Body = "{}",
        Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    public static StubResponse Lost(string body) => new() { Body = body, DropConnection = true };
}
