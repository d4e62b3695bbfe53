namespace LiveChat.Summaries.OpenAI;

/// <summary><c>POST /chat/completions</c> body: only the fields we send.</summary>
internal sealed record ChatCompletionRequest(
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    double Temperature,
    int MaxCompletionTokens);

internal sealed record ChatMessage(string Role, string Content);

/// <summary>The parts of the answer we read: <c>choices[0].message.content</c> and <c>usage</c>.</summary>
internal sealed record ChatCompletionResponse(IReadOnlyList<ChatChoice>? Choices, ChatUsage? Usage);

internal sealed record ChatChoice(ChatAnswer? Message, string? FinishReason);

internal sealed record ChatAnswer(string? Content, string? Refusal);

internal sealed record ChatUsage(int PromptTokens, int CompletionTokens);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
internal sealed partial class ChatCompletionJson : JsonSerializerContext;
