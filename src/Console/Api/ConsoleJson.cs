using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveChat.OperatorConsole.Api;

/// <summary>
/// Source-generated JSON for what the console reads all the time (every event, every message, every chat): no
/// reflection per property in the browser, where reflection runs interpreted. <see cref="ConsoleApi.Json"/> uses it
/// first and falls back to reflection for the rest (admin screens, reports).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EventEnvelope))]
[JsonSerializable(typeof(MessageView))]
[JsonSerializable(typeof(List<MessageView>))]
[JsonSerializable(typeof(ChatView))]
[JsonSerializable(typeof(List<ChatView>))]
[JsonSerializable(typeof(PresenceView))]
[JsonSerializable(typeof(MessageError))]
[JsonSerializable(typeof(List<UnreadView>))]
[JsonSerializable(typeof(List<ChatRequestView>))]
[JsonSerializable(typeof(VisitorDetails))]
[JsonSerializable(typeof(ReplyRequest))]
[JsonSerializable(typeof(NoteRequest))]
public sealed partial class ConsoleJson : JsonSerializerContext;
