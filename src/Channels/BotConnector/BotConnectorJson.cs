using LiveChat.Channels.Activities;

namespace LiveChat.Channels.BotConnector;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpenIdConfiguration))]
[JsonSerializable(typeof(JsonWebKeySetDocument))]
[JsonSerializable(typeof(AccessTokenResponse))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(ConnectorErrorResponse))]
[JsonSerializable(typeof(List<ChannelAccount>))]
[JsonSerializable(typeof(ResourceResponse))]
public sealed partial class BotConnectorJson : JsonSerializerContext;

/// <summary>The Connector API's ErrorResponse: {"error":{"code","message"}}.</summary>
public sealed record ConnectorErrorResponse(ConnectorError Error);

public sealed record ConnectorError(string Code, string Message);
