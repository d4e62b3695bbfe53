using System.Security.Claims;
using LiveChat.Channels.Activities;
using LiveChat.Channels.Instagram;
using LiveChat.Channels.Messenger;
using LiveChat.Channels.Outbox;
using LiveChat.Channels.WhatsApp;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// POST /chats/{id}/attachments (multipart: <c>file</c>, optional <c>text</c>): an operator sends a file to the customer.
/// The bytes are stored; the message carries the file's signed public link, which the channel's API (WhatsApp, Messenger,
/// Instagram) or the widget fetches. Delivered through the outbox like any reply.
/// </summary>
public static class SendAttachment
{
    /// <summary>Room for the multipart framing and the caption on top of the file itself.</summary>
    private const long FormOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapSendAttachment(this IEndpointRouteBuilder api)
    {
        var bodyLimit = api.ServiceProvider.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxBytes + FormOverhead;
        api.MapPost("/chats/{id}/attachments", RouteAsync).WithTags("Chats").WithName("SendAttachment")
            .WithSummary("Send a file (and an optional caption) to the customer; 413 when too large, 415 for a type not allowed (Attachments:ContentTypes).")
            .DisableAntiforgery() // bearer tokens, no cookies: nothing for a cross-site form to ride on
            .WithMetadata(new RequestSizeLimitAttribute(bodyLimit))
            .WithFormOptions(multipartBodyLengthLimit: bodyLimit)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    /// <summary>Why this file cannot be sent, or null: a missing or empty file, a long caption, too large, a type not allowed.</summary>
    public static IResult? Refuse(long? length, string? contentType, string? text, AttachmentOptions options)
    {
        if (length is null or 0)
        {
            return ProblemDetailsBody.Invalid("file", "Attach a non-empty 'file'.");
        }

        if (text?.Length > ReplyToChat.MaxTextLength)
        {
            return ProblemDetailsBody.Invalid("text", $"'text' must be {ReplyToChat.MaxTextLength} characters or fewer.");
        }

        if (length > options.MaxBytes)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload Too Large",
                detail: $"The file is {length} bytes; files may have up to {options.MaxBytes} bytes (Attachments:MaxBytes).");
        }

        return contentType is not null && options.Allows(contentType)
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported Media Type",
                detail: $"Files of type '{contentType}' cannot be sent; allowed: {string.Join(", ", options.ContentTypes)} (Attachments:ContentTypes).");
    }

    /// <summary>Channels whose messages cannot carry a caption with this file get the caption as a text message before it.</summary>
    public static bool CaptionSeparately(string channel, string contentType) =>
        channel is MessengerChannel.Name or InstagramChannel.Name
        || (channel == WhatsAppChannel.Name && contentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase));

    private static async Task<IResult> RouteAsync(
        string id,
        IFormFile? file,
        [FromForm] string? text,
        HttpRequest request,
        ClaimsPrincipal user,
        Db db,
        IEnumerable<IChannelSender> senders,
        ChatFiles files,
        IOptions<AttachmentOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caption = string.IsNullOrWhiteSpace(text) ? null : text;
        var contentType = file is null ? null : MediaType(file.ContentType);
        if (Refuse(file?.Length, contentType, caption, options.Value) is { } refused)
        {
            return refused;
        }

        using var buffer = new MemoryStream((int)file!.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        var upload = new Upload(FileName(file.FileName), contentType!, buffer.ToArray());
        var (sent, refusal) = await HandleAsync(
            id, upload, caption, CurrentOperator.From(user), ChatFiles.Origin(request), db, senders, files, time, cancellationToken);
        return sent is null ? refusal!.ToProblem() : TypedResults.Created($"/api/v1/chats/{id}/attachments/{sent.FileId}", sent.Message);
    }

    /// <summary>
    /// Stores <paramref name="upload"/> and sends it (with <paramref name="caption"/>) to the customer of a chat
    /// <paramref name="me"/> may write in now; its link is signed under <paramref name="requestOrigin"/> unless the
    /// gateway's public address is configured.
    /// </summary>
    public static async Task<(SentFile? Sent, Refusal? Refusal)> HandleAsync(
        string id,
        Upload upload,
        string? caption,
        CurrentOperator me,
        string requestOrigin,
        Db db,
        IEnumerable<IChannelSender> senders,
        ChatFiles files,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (chat, refusal) = await ReplyToChat.FindWritableNowAsync(work, id, me, senders, now);
        if (chat is null)
        {
            return (null, refusal);
        }

        var stored = new StoredFile
        {
            Id = Ids.New("file"),
            ChatId = id,
            Name = upload.Name,
            ContentType = upload.ContentType,
            Length = upload.Content.Length,
            Content = upload.Content,
            CreatedBy = me.Id,
            CreatedAt = now,
        };
        await ChatFiles.InsertAsync(work, stored);

        var sender = new OutboundSender(SenderKind.Operator, me.Id, me.Name ?? "Operator");
        var separately = caption is not null && CaptionSeparately(chat.Channel, stored.ContentType);
        if (separately)
        {
            await OutboundMessages.AppendAsync(work, chat.Ref, sender, new Activity { Type = ActivityTypes.Message, Text = caption, TextFormat = "plain" }, now);
        }

        var attachment = new Attachment { ContentType = stored.ContentType, ContentUrl = files.SignedUrl(requestOrigin, stored.Id), Name = stored.Name };
        var message = await OutboundMessages.AppendAsync(
            work,
            chat.Ref,
            sender,
            new Activity { Type = ActivityTypes.Message, Text = separately ? null : caption, TextFormat = "plain", Attachments = [attachment] },
            now);
        await work.CommitAsync(cancellationToken);
        return (new SentFile(stored.Id, message.ToView()), null);
    }

    /// <summary>A file as the operator sent it: its plain name, its media type, its bytes.</summary>
    public sealed record Upload(string Name, string ContentType, byte[] Content);

    /// <summary>The stored file's id and the message that carries it.</summary>
    public sealed record SentFile(string FileId, MessageView Message);

    /// <summary>"image/png; charset=..." → "image/png".</summary>
    private static string? MediaType(string? contentType) =>
        contentType?.Split(';', 2)[0].Trim() is { Length: > 0 } mediaType ? mediaType.ToLowerInvariant() : null;

    private static string FileName(string? name)
    {
        var plain = Path.GetFileName(name ?? string.Empty).Trim();
        return plain.Length == 0 ? "file" : plain.Length > 200 ? plain[^200..] : plain;
    }
}
