using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveChat.Bench;

/// <summary>Third-party APIs the gateway calls during a run, stood in by small Kestrel servers on 127.0.0.1.</summary>
public static class Stubs
{
    /// <summary>The Graph Send API: every send succeeds with a new message id (queue notices and end notices go here).</summary>
    public static async Task<WebApplication> StartGraphAsync()
    {
        var app = Slim();
        long next = 0;
        app.MapPost("/{version}/{sender}/messages", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            var id = Interlocked.Increment(ref next);
            return Results.Text($$"""{"messaging_product":"whatsapp","contacts":[],"messages":[{"id":"wamid.bench.out.{{id}}"}]}""", "application/json");
        });
        await app.StartAsync();
        return app;
    }

    public static WebApplication Slim()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }
}

/// <summary>
/// A Zendesk that fails like a real one on a bad day: of every request (create or lookup) a share answers 5xx
/// without doing anything and a share does its work but the answer is lost (the connection is cut). It keeps
/// every ticket it created, so duplicates show.
/// </summary>
public sealed class FlakyHelpdesk(WebApplication app, double failShare, double loseShare, TimeSpan latency) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _tickets = new(StringComparer.Ordinal);
    private long _next;
    private long _requests;

    public string BaseUrl => app.Urls.First();

    /// <summary>Tickets created per external id (a chat): all 1 when nothing was duplicated.</summary>
    public IReadOnlyDictionary<string, int> Tickets => _tickets;

    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<FlakyHelpdesk> StartAsync(double failShare, double loseShare, TimeSpan latency)
    {
        var app = Stubs.Slim();
        var helpdesk = new FlakyHelpdesk(app, failShare, loseShare, latency);
        app.MapPost("/api/v2/tickets", (Delegate)helpdesk.CreateAsync);
        app.MapGet("/api/v2/tickets", (Delegate)helpdesk.ListAsync);
        await app.StartAsync();
        return helpdesk;
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var externalId = body.RootElement.GetProperty("ticket").GetProperty("external_id").GetString()!;
        return await AnswerAsync(context, () =>
        {
            _tickets.AddOrUpdate(externalId, 1, (_, n) => n + 1);
            var id = Interlocked.Increment(ref _next);
            return Results.Json(new { ticket = new { id, external_id = externalId, tags = Array.Empty<string>() } }, statusCode: 201);
        });
    }

    private Task<IResult> ListAsync(HttpContext context)
    {
        var externalId = context.Request.Query["external_id"].ToString();
        return AnswerAsync(context, () => Results.Json(new
        {
            tickets = _tickets.ContainsKey(externalId) ? new[] { new { id = 1, external_id = externalId, tags = Array.Empty<string>() } } : [],
        }));
    }

    private async Task<IResult> AnswerAsync(HttpContext context, Func<IResult> work)
    {
        Interlocked.Increment(ref _requests);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency);
        }

        var dice = Random.Shared.NextDouble();
        if (dice < failShare)
        {
            return Results.StatusCode(dice < failShare / 2 ? 503 : 500);
        }

        var result = work();
        if (dice < failShare + loseShare)
        {
            context.Abort();
        }

        return result;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
