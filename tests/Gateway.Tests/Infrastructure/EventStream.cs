using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace LiveChat.Gateway.Tests.Infrastructure;

/// <summary>An operator's open connection to GET /api/v1/events, read as a browser's EventSource would.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseItem<string>> _received = Channel.CreateUnbounded<SseItem<string>>();
    private readonly HttpResponseMessage _response;
    private readonly Task _pump;

    private EventStream(HttpResponseMessage response)
    {
        _response = response;
        _pump = PumpAsync();
    }

    public static async Task<EventStream> OpenAsync(HttpClient client, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response);
    }

    /// <summary>Completes when the gateway ends the stream (or it is disposed).</summary>
    public Task Ended => _pump;

    /// <summary>The next event of <paramref name="type"/> (others are skipped), or a timeout failure.</summary>
    public async Task<SseItem<string>> NextAsync(string type, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var item = await _received.Reader.ReadAsync(cts.Token);
                if (item.EventType == type)
                {
                    return item;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No '{type}' event arrived.");
        }
    }

    /// <summary>The next event of <paramref name="type"/> whose envelope's <c>data</c> matches (others are skipped), or a timeout failure.</summary>
    public async Task<JsonElement> NextAsync(string type, Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var data = JsonDocument.Parse((await NextAsync(type, deadline - DateTime.UtcNow)).Data).RootElement.GetProperty("data");
            if (match(data))
            {
                return data.Clone();
            }
        }
    }

    /// <summary>The next event of any type, or a timeout failure.</summary>
    public async Task<SseItem<string>> NextAnyAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No event arrived.");
        }
    }

    /// <summary>
    /// Everything received up to and including the next event of <paramref name="type"/> whose envelope's <c>data</c>
    /// matches. Events arrive in id order, so such a marker, written after something else, proves that the stream has
    /// moved past it: what the list does not hold by then will never come.
    /// </summary>
    public async Task<IReadOnlyList<SseItem<string>>> UntilAsync(string type, Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var items = new List<SseItem<string>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var item = left > TimeSpan.Zero
                ? await NextAnyAsync(left)
                : throw new TimeoutException($"No matching '{type}' event arrived; received: {string.Join(", ", items.Select(i => i.EventType))}.");
            items.Add(item);
            if (item.EventType == type && match(JsonDocument.Parse(item.Data).RootElement.GetProperty("data")))
            {
                return items;
            }
        }
    }

    /// <summary>What has been received and not read yet, without waiting.</summary>
    public IReadOnlyList<SseItem<string>> ReceivedSoFar()
    {
        var items = new List<SseItem<string>>();
        while (_received.Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    private async Task PumpAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
            {
                await _received.Writer.WriteAsync(item);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _pump;
        _stop.Dispose();
    }
}
