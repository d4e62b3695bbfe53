using System.Buffers;
using LiveChat.Channels.Inbox;
using LiveChat.Channels.Instagram;
using LiveChat.Channels.Messenger;
using LiveChat.Channels.WhatsApp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.Meta;

public static class MetaWebhookEndpoints
{
    /// <summary>Bodies above this are refused with 413 before they are read in full.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Maps GET (verification) and POST (notifications) for /webhooks/whatsapp, /webhooks/messenger and /webhooks/instagram.</summary>
    public static IEndpointRouteBuilder MapMetaWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/webhooks").WithTags("Channel webhooks");
        Map<WhatsAppOptions>(group, WhatsAppChannel.Name, "WhatsApp");
        Map<MessengerOptions>(group, MessengerChannel.Name, "Messenger");
        Map<InstagramOptions>(group, InstagramChannel.Name, "Instagram");
        return endpoints;
    }

    private static void Map<TOptions>(RouteGroupBuilder group, string channel, string title)
        where TOptions : MetaChannelOptions
    {
        group.MapGet($"/{channel}", (HttpRequest request, IOptions<TOptions> options) => Verify(request, options.Value))
            .WithName($"Verify{title}Webhook")
            .WithSummary($"Meta's {title} webhook verification handshake (hub.challenge echo).");

        group.MapPost(
                $"/{channel}",
                (HttpContext context, IOptions<TOptions> options, [FromServices] IChannelInbox inbox, [FromServices] ILoggerFactory loggers) =>
                    ReceiveAsync(context, options.Value, context.RequestServices.GetRequiredKeyedService<IMetaInboundMapper>(channel), inbox, loggers, context.RequestAborted))
            .WithName($"Receive{title}Webhook")
            .WithSummary($"Meta's {title} notifications, signed with X-Hub-Signature-256; answered 200 once stored.");
    }

    internal static Results<ContentHttpResult, NotFound, ProblemHttpResult> Verify(HttpRequest request, MetaChannelOptions options)
    {
        if (!options.Enabled)
        {
            return TypedResults.NotFound();
        }

        var query = request.Query;
        if (string.Equals(query["hub.mode"], "subscribe", StringComparison.Ordinal)
            && MetaSignature.TokenMatches(query["hub.verify_token"], options.VerifyToken)
            && query["hub.challenge"].ToString() is { Length: > 0 } challenge)
        {
            return TypedResults.Text(challenge, "text/plain");
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Webhook verification failed",
            detail: "hub.mode must be subscribe and hub.verify_token must match the configured verify token.");
    }

    internal static async Task<Results<Ok, NotFound, ProblemHttpResult>> ReceiveAsync(
        HttpContext context,
        MetaChannelOptions options,
        IMetaInboundMapper mapper,
        IChannelInbox inbox,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return TypedResults.NotFound();
        }

        var logger = loggers.CreateLogger("LiveChat.Channels.Meta.Webhooks");
        var channel = options.DisplayName;
        var body = await ReadBoundedAsync(context.Request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            MetaLog.BodyTooLarge(logger, channel, MaxBodyBytes);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload too large",
                detail: $"Webhook bodies are limited to {MaxBodyBytes} bytes.");
        }

        if (!MetaSignature.IsValid(context.Request.Headers[MetaSignature.HeaderName], body, options.AppSecret!))
        {
            MetaLog.BadSignature(logger, channel, body.Length);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Invalid signature",
                detail: $"{MetaSignature.HeaderName} is missing or is not the HMAC-SHA256 of the body with the app secret.");
        }

        switch (mapper.Map(body))
        {
            case InboundMapping.InvalidJson:
                MetaLog.InvalidJson(logger, channel, body.Length);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Invalid notification",
                    detail: "The body is not a JSON notification of the expected shape.");
            case InboundMapping.WrongObject wrong:
                MetaLog.WrongObject(logger, channel, wrong.Object ?? "(none)");
                return TypedResults.Ok();
            case InboundMapping.Mapped { Batch: var batch } mapped:
                if (batch.Items.Count == 0 && batch.Deliveries.Count == 0 && batch.ReadReceipts.Count == 0)
                {
                    MetaLog.NothingToStore(logger, channel, mapped.Skipped);
                    return TypedResults.Ok();
                }

                var result = await inbox.IngestAsync(batch, cancellationToken);
                MetaLog.Ingested(logger, channel, batch.Items.Count, batch.Deliveries.Count, batch.ReadReceipts.Count, result.Duplicates, mapped.Skipped);
                return TypedResults.Ok();
            default:
                throw new InvalidOperationException("Unknown mapping outcome.");
        }
    }

    /// <summary>The raw body, or null when it is larger than <paramref name="limit"/> (never reads more than limit + one buffer).</summary>
    internal static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var collected = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (collected.Length + read > limit)
                {
                    return null;
                }

                collected.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return collected.ToArray();
    }
}
