using System.Net.Http.Headers;
using Microsoft.Extensions.Caching.Memory;

namespace LiveChat.Gateway.Widgets;

/// <summary>
/// Calls card widgets: a GET of the expanded URL with the widget's token as the bearer, within the configured timeout and
/// size, no redirects followed; the answer is kept briefly per widget, chat and operator. Whatever goes wrong becomes an
/// "unavailable" reason, never an error of the panel.
/// </summary>
public sealed partial class WidgetCards(IHttpClientFactory clients, IMemoryCache cache, IOptions<WidgetOptions> options, ILogger<WidgetCards> logger)
{
    public async Task<CardResult> GetAsync(string cacheKey, string widgetId, string url, string token, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(cacheKey, out CardResult? cached) && cached is not null)
        {
            return cached;
        }

        var result = await FetchAsync(url, token, cancellationToken);
        if (result.Unavailable is { } reason)
        {
            LogUnavailable(logger, widgetId, reason);
        }

        var keep = TimeSpan.FromSeconds(options.Value.CardCacheSeconds);
        cache.Set(cacheKey, result, result.Card is null ? keep / 3 : keep);
        return result;
    }

    private async Task<CardResult> FetchAsync(string url, string token, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.CardTimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await clients.CreateClient(WidgetsRegistration.CardClient)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Unavailable($"it answered {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > settings.CardMaxBytes)
            {
                return Unavailable($"its answer is larger than {settings.CardMaxBytes} bytes");
            }

            var body = await ReadCappedAsync(response.Content, settings.CardMaxBytes, timeout.Token);
            return body is null ? Unavailable($"its answer is larger than {settings.CardMaxBytes} bytes") : WidgetCardSchema.Read(body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unavailable($"it did not answer within {settings.CardTimeoutSeconds:0.#} s");
        }
        catch (HttpRequestException exception)
        {
            return Unavailable($"it could not be reached ({exception.HttpRequestError})");
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> bytes (reading stops there).</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, int max, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[max + 1];
        var read = 0;
        int last;
        while (read < buffer.Length && (last = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += last;
        }

        return read > max ? null : buffer[..read];
    }

    private static CardResult Unavailable(string reason) => new(null, reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card widget {WidgetId} is unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string widgetId, string reason);
}

/// <summary>A card widget's content for the panel, or why there is none (the console shows it as unavailable).</summary>
public sealed record CardResult(WidgetCard? Card, string? Unavailable);
