using System.Security.Cryptography;
using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.DirectLine;

/// <summary>The Direct Line 3.0 REST routes under /v3/directline (PROTOCOLS.md §8.2).</summary>
internal static class DirectLineEndpoints
{
    public const string Prefix = "/v3/directline";
    public const int PageSize = 200;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/tokens/generate", GenerateAsync).WithName("DirectLineGenerateToken")
            .WithSummary("Secret -> a token for one new conversation (the page's backend calls this).");
        group.MapPost("/tokens/refresh", RefreshAsync).WithName("DirectLineRefreshToken")
            .WithSummary("A fresh token for the same conversation; expired tokens cannot be refreshed.");
        group.MapPost("/conversations", StartAsync).WithName("DirectLineStartConversation")
            .WithSummary("Starts the token's conversation (201, or 200 when already started) or, with the secret, a new one.");
        group.MapGet("/conversations/{conversationId}", ReconnectAsync).WithName("DirectLineReconnect")
            .WithSummary("A new streamUrl that replays after the given watermark.");
        group.MapGet("/conversations/{conversationId}/activities", PollAsync).WithName("DirectLineGetActivities")
            .WithSummary("Every activity after the watermark, the visitor's own included.");
        group.MapPost("/conversations/{conversationId}/activities", DirectLinePosting.PostAsync).WithName("DirectLinePostActivity")
            .WithSummary("The visitor's activity (message, typing, endOfConversation, event).");
        group.MapPost("/conversations/{conversationId}/upload", DirectLinePosting.UploadAsync).WithName("DirectLineUpload")
            .WithSummary("A message with files (multipart), stored as data: URI attachments.");
        group.MapGet("/conversations/{conversationId}/stream", DirectLineStream.AcceptAsync).WithName("DirectLineStream")
            .WithSummary("The WebSocket stream (authorised by the streamUrl's t= parameter).");
        group.MapGet("/session/getsessionid", () => TypedResults.Json(new SessionIdResponse(string.Empty), DirectLineJson.Default.SessionIdResponse))
            .WithName("DirectLineSessionId").WithSummary("Web Chat's sign-in card helper; no sessions here.");
    }

    private static async Task<IResult> GenerateAsync(HttpContext context, DirectLineTokens tokens, IDirectLineConversations conversations, TimeProvider time)
    {
        var (caller, error) = await DirectLineAuth.AuthenticateAsync(context.Request, tokens);
        if (error is not null)
        {
            return error;
        }

        if (caller is not Caller.Secret)
        {
            return DirectLineErrors.Of(StatusCodes.Status403Forbidden, DirectLineErrors.Forbidden, "Only the Direct Line secret can generate tokens.");
        }

        var body = await ReadTokenRequestAsync(context);
        if (body is null)
        {
            return DirectLineErrors.BadRequest("The body must be empty or {\"user\":{\"id\":\"dl_...\",\"name\":\"...\"}}.");
        }

        if (UserProblem(body) is { } problem)
        {
            return DirectLineErrors.BadRequest(problem);
        }

        var conversation = await CreateAsync(conversations, time, body.User?.Id, body.User?.Name, started: false, context.RequestAborted);
        return TypedResults.Json(Issue(tokens, conversation, streamUrl: null), DirectLineJson.Default.ConversationResponse);
    }

    private static async Task<IResult> RefreshAsync(HttpContext context, DirectLineTokens tokens, IDirectLineConversations conversations)
    {
        var (caller, error) = await DirectLineAuth.AuthenticateAsync(context.Request, tokens, allowSecret: false);
        if (error is not null)
        {
            return error;
        }

        var claims = ((Caller.Token)caller!).Claims;
        var conversation = await conversations.FindAsync(claims.ConversationId, context.RequestAborted);
        return conversation is null
            ? DirectLineErrors.UnknownConversation()
            : TypedResults.Json(Issue(tokens, conversation, streamUrl: null), DirectLineJson.Default.ConversationResponse);
    }

    private static async Task<IResult> StartAsync(
        HttpContext context, DirectLineTokens tokens, IDirectLineConversations conversations, IOptions<DirectLineOptions> options, TimeProvider time)
    {
        var (caller, error) = await DirectLineAuth.AuthenticateAsync(context.Request, tokens);
        if (error is not null)
        {
            return error;
        }

        var cancellationToken = context.RequestAborted;
        if (caller is Caller.Token { Claims: var claims })
        {
            var existing = await conversations.FindAsync(claims.ConversationId, cancellationToken);
            if (existing is null)
            {
                return DirectLineErrors.UnknownConversation();
            }

            var startedNow = await conversations.StartAsync(existing.Id, time.GetUtcNow(), cancellationToken);
            var response = new ConversationResponse(existing.Id, BearerOf(context.Request), SecondsLeft(claims, time), StreamUrl(context.Request, options.Value, tokens, existing, null));
            return TypedResults.Json(response, DirectLineJson.Default.ConversationResponse, statusCode: startedNow ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }

        var body = await ReadTokenRequestAsync(context);
        if (UserProblem(body) is { } problem)
        {
            return DirectLineErrors.BadRequest(problem);
        }

        var conversation = await CreateAsync(conversations, time, body?.User?.Id, body?.User?.Name, started: true, cancellationToken);
        return TypedResults.Json(
            Issue(tokens, conversation, StreamUrl(context.Request, options.Value, tokens, conversation, null)),
            DirectLineJson.Default.ConversationResponse,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReconnectAsync(
        string conversationId, string? watermark, HttpContext context, DirectLineTokens tokens, IDirectLineConversations conversations,
        IOptions<DirectLineOptions> options, TimeProvider time)
    {
        var (conversation, error) = await AuthorizeAsync(context, conversationId, tokens, conversations);
        if (error is not null)
        {
            return error;
        }

        var streamUrl = StreamUrl(context.Request, options.Value, tokens, conversation!, watermark);
        var check = await tokens.CheckAsync(BearerOf(context.Request));
        return TypedResults.Json(
            check is TokenCheck.Valid { Claims: var claims }
                ? new ConversationResponse(conversation!.Id, BearerOf(context.Request), SecondsLeft(claims, time), streamUrl)
                : Issue(tokens, conversation!, streamUrl),
            DirectLineJson.Default.ConversationResponse);
    }

    private static async Task<IResult> PollAsync(
        string conversationId, string? watermark, HttpContext context, DirectLineTokens tokens, IDirectLineConversations conversations,
        IDirectLineActivities activities, ILoggerFactory loggers)
    {
        var (conversation, error) = await AuthorizeAsync(context, conversationId, tokens, conversations);
        if (error is not null)
        {
            return error;
        }

        ActivitySet set;
        try
        {
            set = await activities.ReadAsync(conversation!.Id, watermark, PageSize, context.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // directlinejs stops polling for good after any error; an empty page keeps it asking.
            DirectLineLog.ReadFailed(loggers.CreateLogger(DirectLineLog.Category), exception);
            set = new ActivitySet([], watermark);
        }

        return TypedResults.Json(DirectLineShape.ForClient(set, conversation!.Id), DirectLineJson.Default.ActivitySet);
    }

    /// <summary>Authenticates and loads the route's conversation, or says which error to answer.</summary>
    internal static async Task<(DirectLineConversation? Conversation, IResult? Error)> AuthorizeAsync(
        HttpContext context, string conversationId, DirectLineTokens tokens, IDirectLineConversations conversations)
    {
        var (caller, error) = await DirectLineAuth.AuthenticateAsync(context.Request, tokens);
        if (error is not null)
        {
            return (null, error);
        }

        if (!caller!.MayUse(conversationId))
        {
            return (null, DirectLineAuth.WrongConversation());
        }

        var conversation = await conversations.FindAsync(conversationId, context.RequestAborted);
        return conversation is null ? (null, DirectLineErrors.UnknownConversation()) : (conversation, null);
    }

    internal static async Task<DirectLineConversation> CreateAsync(
        IDirectLineConversations conversations, TimeProvider time, string? userId, string? userName, bool started, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var conversation = new DirectLineConversation(
            NewConversationId(),
            string.IsNullOrWhiteSpace(userId) || userId.Length > 64 ? $"dl_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}" : userId.Trim(),
            string.IsNullOrWhiteSpace(userName) ? null : SafeText.Cut(userName.Trim(), 100),
            now,
            started ? now : null,
            string.IsNullOrWhiteSpace(userName) ? VisitorProfile.Unknown : new VisitorProfile { Name = userName.Trim() });
        await conversations.CreateAsync(conversation, cancellationToken);
        return conversation;
    }

    internal static ConversationResponse Issue(DirectLineTokens tokens, DirectLineConversation conversation, string? streamUrl) =>
        new(conversation.Id, tokens.Issue(conversation.Id, conversation.UserId), (int)tokens.Lifetime.TotalSeconds, streamUrl);

    private static string StreamUrl(HttpRequest request, DirectLineOptions options, DirectLineTokens tokens, DirectLineConversation conversation, string? watermark)
    {
        var baseUrl = options.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
        var ws = baseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "wss://" + baseUrl[8..]
            : baseUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "ws://" + baseUrl[7..]
            : baseUrl;
        var t = tokens.Issue(conversation.Id, conversation.UserId, DirectLineTokens.StreamKind);
        return $"{ws}{Prefix}/conversations/{Uri.EscapeDataString(conversation.Id)}/stream?watermark={Uri.EscapeDataString(watermark ?? string.Empty)}&t={Uri.EscapeDataString(t)}";
    }

    private static string BearerOf(HttpRequest request) => request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();

    private static int SecondsLeft(TokenClaims claims, TimeProvider time) => Math.Max(0, (int)(claims.ExpiresAt - time.GetUtcNow()).TotalSeconds);

    private static string NewConversationId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The optional token request body; null when it is present but not the expected JSON.</summary>
    private static async Task<TokenRequest?> ReadTokenRequestAsync(HttpContext context)
    {
        if (context.Request.ContentLength is 0 || !context.Request.HasJsonContentType())
        {
            return new TokenRequest(null);
        }

        try
        {
            return await context.Request.ReadFromJsonAsync(DirectLineJson.Default.TokenRequest, context.RequestAborted) ?? new TokenRequest(null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Why the token request's user cannot be accepted (U+0000, a lone surrogate), or null.</summary>
    private static string? UserProblem(TokenRequest? body) =>
        ActivityInput.Field("user.id", body?.User?.Id, int.MaxValue) ?? ActivityInput.Field("user.name", body?.User?.Name, int.MaxValue);
}
