using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Chats;

/// <summary>Downloading the files operators sent: the customer's signed link (no credentials), and the operators' route.</summary>
public static class ChatFileRoutes
{
    public static IEndpointRouteBuilder MapChatAttachmentDownload(this IEndpointRouteBuilder api)
    {
        api.MapGet("/chats/{id}/attachments/{fileId}", GetForOperatorAsync).WithTags("Chats").WithName("GetChatAttachment")
            .WithSummary("Download a file of a chat you can see (what the transcript's attachment links point to).");
        return api;
    }

    public static IEndpointRouteBuilder MapSignedFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{ChatFiles.PublicPrefix}{{fileId}}", GetSignedAsync).AllowAnonymous().WithTags("Chats").WithName("GetSignedFile")
            .WithSummary("A file an operator sent, at the signed, expiring link given to the customer's channel; no credentials.");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetSignedAsync(
        string fileId, HttpContext context, ChatFiles files, Db db, TimeProvider time, CancellationToken cancellationToken, [FromQuery] long? expires = null, [FromQuery] string? sig = null)
    {
        if (expires is null || sig is null || !files.Verifies(fileId, expires.Value, sig))
        {
            return ProblemDetailsBody.Forbidden("This link is not valid.");
        }

        if (DateTimeOffset.FromUnixTimeSeconds(expires.Value) <= time.GetUtcNow())
        {
            return ProblemDetailsBody.Forbidden("This link has expired.");
        }

        return await ServeAsync(context, db, fileId, chatId: null, cancellationToken);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetForOperatorAsync(
        string id, string fileId, ClaimsPrincipal user, HttpContext context, Db db, ReplyWindowClock windows, CancellationToken cancellationToken)
    {
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var (chat, problem) = await ReadChats.FindVisibleAsync(connection, id, user, windows, cancellationToken);
            if (chat is null)
            {
                return problem!;
            }
        }

        return await ServeAsync(context, db, fileId, id, cancellationToken);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ServeAsync(
        HttpContext context, Db db, string fileId, string? chatId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var file = await connection.QuerySingleOrDefaultAsync<StoredFile>(new CommandDefinition(
            "SELECT id, chat_id, name, content_type, length, content, created_by, created_at FROM chat_files WHERE id = @fileId AND (@chatId IS NULL OR chat_id = @chatId)",
            new { fileId, chatId },
            cancellationToken: cancellationToken));
        if (file is null)
        {
            return ProblemDetailsBody.NotFound("file", fileId);
        }

        // Whatever a file claims to be, a browser never runs it as a page of ours.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "sandbox";
        context.Response.Headers.CacheControl = "private, max-age=3600";
        var inline = file.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);
        return TypedResults.File(file.Content, file.ContentType, inline ? null : file.Name);
    }
}
