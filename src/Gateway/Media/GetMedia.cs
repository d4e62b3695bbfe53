using System.Security.Claims;
using LiveChat.Channels.WhatsApp;
using LiveChat.Gateway.Chats;

namespace LiveChat.Gateway.Media;

/// <summary>
/// Customer media is not copied in: a WhatsApp attachment names a media id, and the operator's client
/// fetches it here, which fetches it from the Graph media endpoint on demand (its URLs live minutes).
/// </summary>
public static class GetMedia
{
    public static IEndpointRouteBuilder MapGetMedia(this IEndpointRouteBuilder api)
    {
        api.MapGet("/media/whatsapp/{mediaId}", HandleAsync).WithTags("Chats").WithName("GetWhatsAppMedia")
            .WithSummary("Download a WhatsApp attachment of a chat you can see.");
        return api;
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> HandleAsync(
        string mediaId, ClaimsPrincipal user, HttpContext context, Db db, WhatsAppMediaClient media, CancellationToken cancellationToken)
    {
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var reference = $"\"media/whatsapp/{Uri.EscapeDataString(mediaId)}\"";
            var departmentId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                $"SELECT c.department_id FROM messages m JOIN chats c ON c.id = m.chat_id WHERE m.channel = 'whatsapp' AND m.attachments LIKE @pattern LIMIT 1",
                new { pattern = $"%{reference}%" },
                cancellationToken: cancellationToken));
            if (departmentId is null)
            {
                return ProblemDetailsBody.NotFound("WhatsApp media", mediaId);
            }

            if (!(await ChatAccess.ForAsync(user, connection, cancellationToken)).CanSee(departmentId))
            {
                return ProblemDetailsBody.Forbidden("This media belongs to a chat of a department you are not a member of.");
            }
        }

        var content = await media.DownloadAsync(mediaId, cancellationToken);
        if (content is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not Found", detail: "WhatsApp no longer has this media (media is kept for a limited time).");
        }

        context.Response.RegisterForDisposeAsync(content);
        return TypedResults.Stream(content.Content, content.ContentType);
    }
}
