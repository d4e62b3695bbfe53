using System.Text.Json.Serialization;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Tickets;

/// <summary>The stored form of a <see cref="TicketRequest"/> (column <c>ticket_requests.request</c>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TicketRequest))]
internal sealed partial class TicketJson : JsonSerializerContext;
