using System.Net.Http.Headers;
using System.Net.Http.Json;
using LiveChat.Channels.Meta;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.WhatsApp;

/// <summary>
/// Fetches inbound WhatsApp media on demand (the <c>media/whatsapp/{mediaId}</c> references in attachments):
/// <c>GET /{version}/{media-id}</c> for a short-lived URL, then that URL with the same bearer token.
/// </summary>
public sealed class WhatsAppMediaClient(HttpClient http, IOptions<WhatsAppOptions> options)
{
    /// <summary>
    /// The media as a stream, or null when WhatsApp is disabled or Meta does not know the id (unknown,
    /// expired, not ours). Other failures throw <see cref="HttpRequestException"/>. Dispose the result.
    /// </summary>
    public async Task<MediaContent?> DownloadAsync(string mediaId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || string.IsNullOrWhiteSpace(mediaId))
        {
            return null;
        }

        WhatsAppMediaInfo? info;
        using (var lookup = Get($"{GraphSend.Segment(settings.ApiVersion)}/{GraphSend.Segment(mediaId)}", settings.AccessToken!))
        using (var answer = await http.SendAsync(lookup, cancellationToken))
        {
            if (GraphSend.IsNotFound(answer.StatusCode))
            {
                return null;
            }

            answer.EnsureSuccessStatusCode();
            info = await answer.Content.ReadFromJsonAsync(WhatsAppJson.Default.WhatsAppMediaInfo, cancellationToken);
        }

        if (info?.Url is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var location))
        {
            return null;
        }

        using var download = Get(location.ToString(), settings.AccessToken!);
        var response = await http.SendAsync(download, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            if (GraphSend.IsNotFound(response.StatusCode))
            {
                response.Dispose();
                return null;
            }

            response.EnsureSuccessStatusCode();
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var contentType = info.MimeType ?? response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
            return new MediaContent(stream, contentType, response.Content.Headers.ContentLength ?? info.FileSize, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static HttpRequestMessage Get(string uri, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }
}

/// <summary>Downloaded media; disposing it releases the underlying HTTP response.</summary>
public sealed class MediaContent(Stream content, string contentType, long? length, IDisposable owner) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;
    public string ContentType { get; } = contentType;
    public long? Length { get; } = length;

    public void Dispose()
    {
        Content.Dispose();
        owner.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        owner.Dispose();
    }
}
