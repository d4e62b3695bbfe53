using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LiveChat.Summaries.Tests.OpenAI;

/// <summary>WireMock playing an OpenAI-compatible endpoint, and the gateway-side services pointed at it.</summary>
internal static class OpenAIStub
{
    public const string Route = "POST /v1/chat/completions";
    public const string ApiKey = "sk-test-secret-key";

    public static StubResponse Completion(string content, int promptTokens = 321, int completionTokens = 42) => StubResponse.Json(
        $$$"""
        {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
         "choices":[{"index":0,"message":{"role":"assistant","content":{{{JsonSerializer.Serialize(content)}}},"refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":{{{promptTokens}}},"completion_tokens":{{{completionTokens}}},"total_tokens":{{{promptTokens + completionTokens}}}}}
        """);

    public static StubResponse Error(HttpStatusCode status, string type, string? code, int? retryAfterSeconds = null) => new()
    {
        Status = status,
        Body = $$$"""{"error":{"message":"Something failed for key sk-tes***key.","type":"{{{type}}}","param":null,"code":{{{(code is null ? "null" : $"\"{code}\"")}}}}}""",
        Headers = retryAfterSeconds is { } seconds
            ? new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : new Dictionary<string, string>(),
    };

    public static ServiceProvider Services(ApiMock stub, CapturedLogs? logs = null, params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Summaries:Provider"] = "OpenAI",
            ["Summaries:OpenAI:BaseUrl"] = new Uri(stub.BaseUri, "v1").ToString(),
            ["Summaries:OpenAI:ApiKey"] = ApiKey,
            ["Summaries:OpenAI:Model"] = "gpt-4o-mini",
            ["Summaries:OpenAI:TimeoutSeconds"] = "5",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<TimeProvider>(new FixedTime())
            .AddSummaries();
        if (logs is not null)
        {
            services.AddLogging(b => b.AddProvider(logs));
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}

internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
