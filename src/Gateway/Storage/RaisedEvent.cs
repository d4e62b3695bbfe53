namespace LiveChat.Gateway.Storage;

/// <summary>An event raised on a unit of work with where it goes.</summary>
public sealed record RaisedEvent(GatewayEvent Event, EventRoute Route);
