using Microsoft.AspNetCore.Http;

namespace LiveChat.Channels.DirectLine;

internal static class DirectLineAuth
{
    /// <summary>Reads <c>Authorization: Bearer</c>; the result is a caller or the Direct Line error to answer.</summary>
    public static async Task<(Caller? Caller, IResult? Error)> AuthenticateAsync(HttpRequest request, DirectLineTokens tokens, bool allowSecret = true)
    {
        var header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length == Prefix.Length)
        {
            return (null, DirectLineErrors.Of(StatusCodes.Status401Unauthorized, DirectLineErrors.Unauthorized, "Authorization: Bearer <secret or token> is required."));
        }

        var credential = header[Prefix.Length..].Trim();
        if (allowSecret && tokens.IsSecret(credential))
        {
            return (new Caller.Secret(), null);
        }

        return await tokens.CheckAsync(credential) switch
        {
            TokenCheck.Valid valid => (new Caller.Token(valid.Claims), null),
            TokenCheck.Expired => (null, DirectLineErrors.Of(StatusCodes.Status403Forbidden, DirectLineErrors.TokenExpired, "Token expired.")),
            _ => (null, DirectLineErrors.Of(StatusCodes.Status401Unauthorized, DirectLineErrors.Unauthorized, "The secret or token is not valid.")),
        };
    }

    public static IResult WrongConversation() =>
        DirectLineErrors.Of(StatusCodes.Status403Forbidden, DirectLineErrors.Forbidden, "The token is not valid for this conversation.");
}

/// <summary>Who is calling: the holder of the secret (any conversation) or of one conversation's token.</summary>
internal abstract record Caller
{
    public sealed record Secret : Caller;

    public sealed record Token(TokenClaims Claims) : Caller;

    /// <summary>May this caller touch <paramref name="conversationId"/>? Never says whether another conversation exists.</summary>
    public bool MayUse(string conversationId) =>
        this is Secret || (this is Token token && string.Equals(token.Claims.ConversationId, conversationId, StringComparison.Ordinal));
}
