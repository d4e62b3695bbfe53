using System.Security.Cryptography;
using System.Text;

namespace LiveChat.Bench;

/// <summary>Signed WhatsApp Cloud API notifications, as Meta sends them.</summary>
public static class WhatsApp
{
    public const string Secret = "bench-app-secret";
    public const string PhoneNumberId = "100000";

    public static string Sign(string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>One notification with <paramref name="count"/> text messages from one customer.</summary>
    public static string Body(string waId, int count, string wamidPrefix, string? text = null) =>
        Batch(Enumerable.Range(0, count).Select(i => new Message(waId, $"{wamidPrefix}.{i}", text ?? $"Where is my order {i}? It was due on Monday.")));

    /// <summary>One notification carrying these messages, from as many customers as they name.</summary>
    public static string Batch(IEnumerable<Message> messages)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var list = messages.ToList();
        var contacts = string.Join(",", list.Select(m => m.WaId).Distinct(StringComparer.Ordinal)
            .Select(id => $$$"""{"profile":{"name":"Customer {{{id}}}"},"wa_id":"{{{id}}}"}"""));
        var items = string.Join(",", list.Select(m =>
            $$$"""{"from":"{{{m.WaId}}}","id":"{{{m.Wamid}}}","timestamp":"{{{now}}}","type":"text","text":{"body":"{{{m.Text}}}"}}"""));
        return $$$"""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000","phone_number_id":"{{{PhoneNumberId}}}"},"contacts":[{{{contacts}}}],"messages":[{{{items}}}]}}]}]}""";
    }

    public sealed record Message(string WaId, string Wamid, string Text);
}

/// <summary>Posts to the gateway; one pooled client for the whole run.</summary>
public sealed class Sender : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 2048, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public HttpClient Http => _http;

    /// <summary>Posts a webhook body with its signature (or none); true when the answer is <paramref name="expected"/> (default: any 2xx).</summary>
    public async Task<bool> PostAsync(Uri uri, string body, string? signature, int? expected = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", signature);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        return expected is { } status ? (int)response.StatusCode == status : response.IsSuccessStatusCode;
    }

    public void Dispose() => _http.Dispose();
}
