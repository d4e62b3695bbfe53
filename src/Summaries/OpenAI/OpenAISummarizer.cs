using System.ClientModel;
using System.ClientModel.Primitives;
using global::OpenAI;
using global::OpenAI.Chat;
using Polly.Timeout;

namespace LiveChat.Summaries.OpenAI;

/// <summary>
/// Summaries from any OpenAI-compatible Chat Completions endpoint (OpenAI, Azure OpenAI, Ollama, vLLM) through the
/// official <c>OpenAI</c> package's <see cref="ChatClient"/>. Its transport is an HttpClient from the factory (a named client
/// made per call, so the summariser may live as long as its user), so the shared
/// policy (retries, Retry-After, the per-attempt timeout) does the retrying and the package's own retry is off;
/// whatever still fails is answered by the built-in summariser with the reason in
/// <see cref="ConversationSummary.FallbackReason"/>.
/// </summary>
internal sealed partial class OpenAISummarizer(
    IHttpClientFactory clients,
    BuiltinSummarizer builtin,
    IOptions<SummariesOptions> options,
    TimeProvider time,
    ILogger<OpenAISummarizer> logger) : ISummarizer
{
    public const string ProviderName = "OpenAI";

    /// <summary>The named HttpClient (with the shared resilience policy) the calls go through.</summary>
    public const string HttpClientName = "LiveChat.Summaries.OpenAI";
    private const float Temperature = 0.2f;

    public string Name => ProviderName;

    public async Task<ConversationSummary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Lines.All(l => string.IsNullOrWhiteSpace(l.Text)))
        {
            // Nothing for a model to read; the built-in one-liner says so without spending tokens.
            return await builtin.SummarizeAsync(request, cancellationToken);
        }

        var language = SummaryLanguage.Normalize(request.Language);
        var outcome = await CompleteAsync(request, language, options.Value.OpenAI, cancellationToken);
        if (outcome.Text is { } text)
        {
            return new ConversationSummary(text, ProviderName, language, time.GetUtcNow(), outcome.Usage, FallbackReason: null);
        }

        LogFallback(logger, request.ChatId, outcome.Failure);
        var fallback = await builtin.SummarizeAsync(request, cancellationToken);
        return fallback with { FallbackReason = outcome.Failure };
    }

    private async Task<Completion> CompleteAsync(
        SummaryRequest request, string language, OpenAISummaryOptions settings, CancellationToken cancellationToken)
    {
        ChatMessage[] messages =
        [
            new SystemChatMessage(SummaryPrompt.System(language)),
            new UserChatMessage(SummaryPrompt.User(request, settings.MaxTranscriptChars)),
        ];
        var completionOptions = new ChatCompletionOptions { Temperature = Temperature, MaxOutputTokenCount = settings.MaxCompletionTokens };
        try
        {
            ChatCompletion completion = await Client(settings).CompleteChatAsync(messages, completionOptions, cancellationToken);
            return Read(completion);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ClientResultException ex) when (ex.Status > 0)
        {
            // The body names the error type and code; the message (which may echo part of the key) is never used.
            var body = ex.GetRawResponse()?.Content?.ToString() ?? string.Empty;
            return Completion.Failed(OpenAIError.Describe((System.Net.HttpStatusCode)ex.Status, body));
        }
        catch (Exception ex) when (Find<HttpRequestException>(ex) is { } network)
        {
            return Completion.Failed($"openai: network error ({network.HttpRequestError})");
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or OperationCanceledException or TimeoutException
            || Find<TimeoutRejectedException>(ex) is not null)
        {
            return Completion.Failed("openai: timeout");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or NotSupportedException)
        {
            return Completion.Failed("openai: invalid JSON");
        }
    }

    private static Completion Read(ChatCompletion completion)
    {
        string? content;
        ChatFinishReason finishReason;
        try
        {
            content = completion.Content.FirstOrDefault(p => p.Kind == ChatMessageContentPartKind.Text)?.Text?.Trim();
            finishReason = completion.FinishReason;
        }
        catch (ArgumentOutOfRangeException)
        {
            // A 200 with "choices": [] (some compatible servers do that): the package indexes choice 0 and finds none.
            return Completion.Failed("openai: no content (no choices)");
        }

        if (string.IsNullOrEmpty(content))
        {
            return Completion.Failed($"openai: no content ({FinishReason(finishReason)})");
        }

        var usage = completion.Usage is { } u ? new SummaryUsage(u.InputTokenCount, u.OutputTokenCount) : null;
        return new Completion(content, usage, string.Empty);
    }

    /// <summary>A client for the configured endpoint, sending through a fresh HttpClient (per call: settings can differ per test host).</summary>
    private ChatClient Client(OpenAISummaryOptions settings)
    {
        var http = clients.CreateClient(HttpClientName);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(settings.BaseUrl.TrimEnd('/')),
            Transport = new HttpClientPipelineTransport(http),
            // The shared policy inside the HttpClient retries; two retry layers would multiply the attempts.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = http.Timeout,
        };
        var azure = !string.IsNullOrWhiteSpace(settings.AzureApiVersion);
        if (azure)
        {
            clientOptions.AddPolicy(new ApiVersionPolicy(settings.AzureApiVersion!.Trim()), PipelinePosition.PerCall);
        }

        AuthenticationPolicy authentication = string.IsNullOrWhiteSpace(settings.ApiKey)
            ? new NoAuthentication()
            : azure
                ? ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(settings.ApiKey), "api-key")
                : ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(new ApiKeyCredential(settings.ApiKey));
#pragma warning disable OPENAI001 // The package's one constructor that takes the credential scheme (Bearer, Azure's api-key, none); marked for evaluation.
        return new ChatClient(settings.Model ?? string.Empty, authentication, clientOptions);
#pragma warning restore OPENAI001
    }

    private static string FinishReason(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        _ => reason.ToString(),
    };

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Summary of chat {ChatId} fell back to the built-in summariser: {Reason}")]
    private static partial void LogFallback(ILogger logger, string chatId, string reason);

    private sealed record Completion(string? Text, SummaryUsage? Usage, string Failure)
    {
        public static Completion Failed(string reason) => new(null, null, reason);
    }

    /// <summary>Self-hosted servers (Ollama, vLLM) may run without a key: then no credential header at all.</summary>
    private sealed class NoAuthentication : AuthenticationPolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNext(message, pipeline, currentIndex);

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNextAsync(message, pipeline, currentIndex);
    }

    /// <summary>Azure OpenAI's <c>?api-version=</c> on every request.</summary>
    private sealed class ApiVersionPolicy(string version) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            AddVersion(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            AddVersion(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void AddVersion(PipelineMessage message)
        {
            var uri = new UriBuilder(message.Request.Uri!);
            var query = uri.Query.TrimStart('?');
            uri.Query = (query.Length > 0 ? query + "&" : "") + "api-version=" + Uri.EscapeDataString(version);
            message.Request.Uri = uri.Uri;
        }
    }
}
