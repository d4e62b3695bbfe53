namespace LiveChat.Channels.Activities;

/// <summary>Source-generated JSON for the Bot Framework wire shapes (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(List<Activity>))]
[JsonSerializable(typeof(ActivitySet))]
[JsonSerializable(typeof(ResourceResponse))]
public sealed partial class ActivityJson : JsonSerializerContext;

/// <summary>A page of activities with the watermark to resume from (Direct Line).</summary>
public sealed record ActivitySet(IReadOnlyList<Activity> Activities, string? Watermark);

/// <summary>What the Connector and Direct Line APIs answer when they accept an activity.</summary>
public sealed record ResourceResponse(string Id);
