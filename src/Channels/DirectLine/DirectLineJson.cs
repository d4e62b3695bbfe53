using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using Microsoft.AspNetCore.Http;

namespace LiveChat.Channels.DirectLine;

/// <summary>Source-generated JSON for the Direct Line wire shapes (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConversationResponse))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(SessionIdResponse))]
[JsonSerializable(typeof(VisitorProfile))]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ActivitySet))]
[JsonSerializable(typeof(ResourceResponse))]
public sealed partial class DirectLineJson : JsonSerializerContext;

/// <summary>The Conversation object the token and conversation routes answer with.</summary>
public sealed record ConversationResponse(
    string ConversationId,
    string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    string? StreamUrl = null);

public sealed record TokenRequest(TokenRequestUser? User);

public sealed record TokenRequestUser(string? Id, string? Name);

public sealed record ErrorResponse(ErrorBody Error);

public sealed record ErrorBody(string Code, string Message);

public sealed record SessionIdResponse(string SessionId);

/// <summary>Direct Line's ErrorResponse results: a stable code and a human message.</summary>
internal static class DirectLineErrors
{
    public const string BadArgument = "BadArgument";
    public const string TokenExpired = "TokenExpired";
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string NotFound = "NotFound";
    public const string MessageSizeTooBig = "MessageSizeTooBig";

    public static IResult Of(int status, string code, string message) =>
        TypedResults.Json(new ErrorResponse(new ErrorBody(code, message)), DirectLineJson.Default.ErrorResponse, statusCode: status);

    public static IResult ChannelDisabled() =>
        Of(StatusCodes.Status404NotFound, NotFound, "The Direct Line channel is not enabled (Channels:DirectLine:Secret is not set).");

    public static IResult UnknownConversation() =>
        Of(StatusCodes.Status404NotFound, NotFound, "Conversation not found.");

    public static IResult BadRequest(string message) => Of(StatusCodes.Status400BadRequest, BadArgument, message);
}
