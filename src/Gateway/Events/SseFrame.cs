using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace LiveChat.Gateway.Events;

/// <summary>
/// An event's Server-Sent Events frame as UTF-8 bytes: <c>event: type</c>, one <c>data:</c> line holding the
/// <see cref="EventEnvelope"/> as JSON, then <c>id: N</c> (control events have none).
/// </summary>
public static class SseFrame
{
    // Escaping as ASP.NET Core's JSON responses do (and as the stream always did): the stream is read as JSON,
    // never embedded in HTML, so non-ASCII text goes out as UTF-8; control characters are still escaped.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Of(StoredEvent stored)
    {
        using var payload = JsonDocument.Parse(stored.Payload);
        var envelope = new EventEnvelope(stored.Id, stored.Type, stored.ChatId, stored.DepartmentId, stored.OperatorId, stored.CreatedAt, payload.RootElement);
        return Format(envelope, stored.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A frame without an id (stream.ready, stream.heartbeat), so it never moves the client's Last-Event-ID.</summary>
    public static byte[] Control(string type, object data, DateTimeOffset at) =>
        Format(new EventEnvelope(0, type, null, null, null, at, JsonSerializer.SerializeToElement(data, GatewayJson.Options)), id: null);

    private static byte[] Format(EventEnvelope envelope, string? id)
    {
        // JSON written without indentation has no line breaks, so the envelope fits one data line.
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, $"event: {envelope.Type}\ndata: ");
        using (var json = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            JsonSerializer.Serialize(json, envelope, GatewayJson.Options);
        }

        Write(buffer, id is null ? "\n\n" : $"\nid: {id}\n\n");
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string text)
    {
        var written = Encoding.UTF8.GetBytes(text, buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        buffer.Advance(written);
    }
}
