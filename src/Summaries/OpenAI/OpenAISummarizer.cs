using System.Net.Http.Headers;
using System.Net.Http.Json;
using Polly.Timeout;

namespace LiveChat.Summaries.OpenAI;

/// <summary>
/// Summaries from any OpenAI-compatible Chat Completions endpoint (OpenAI, Azure OpenAI, Ollama, vLLM).
/// Retries come from the shared policy; whatever still fails is answered by the built-in summariser with the
/// reason in <see cref="ConversationSummary.FallbackReason"/>.
/// </summary>
internal sealed partial class OpenAISummarizer(
    HttpClient http,
    BuiltinSummarizer builtin,
    IOptions<SummariesOptions> options,
    TimeProvider time,
    ILogger<OpenAISummarizer> logger) : ISummarizer
{
    public const string ProviderName = "OpenAI";
    private const double Temperature = 0.2;

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
        var body = new ChatCompletionRequest(
            settings.Model ?? string.Empty,
            [new("system", SummaryPrompt.System(language)), new("user", SummaryPrompt.User(request, settings.MaxTranscriptChars))],
            Temperature,
            settings.MaxCompletionTokens);
        using var message = new HttpRequestMessage(HttpMethod.Post, Endpoint(settings))
        {
            Content = JsonContent.Create(body, ChatCompletionJson.Default.ChatCompletionRequest),
        };
        Authenticate(message, settings);

        try
        {
            using var response = await http.SendAsync(message, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var error = await response.Content.ReadAsStringAsync(cancellationToken);
                return Completion.Failed(OpenAIError.Describe(response.StatusCode, error));
            }

            var completion = await response.Content.ReadFromJsonAsync(ChatCompletionJson.Default.ChatCompletionResponse, cancellationToken);
            var choice = completion?.Choices?.FirstOrDefault();
            var content = choice?.Message?.Content?.Trim();
            if (string.IsNullOrEmpty(content))
            {
                return Completion.Failed($"openai: no content ({choice?.FinishReason ?? "no choices"})");
            }

            var usage = completion!.Usage is { } u ? new SummaryUsage(u.PromptTokens, u.CompletionTokens) : null;
            return new Completion(content, usage, string.Empty);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or OperationCanceledException)
        {
            return Completion.Failed("openai: timeout");
        }
        catch (HttpRequestException ex)
        {
            return Completion.Failed($"openai: network error ({ex.HttpRequestError})");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return Completion.Failed("openai: invalid JSON");
        }
    }

    internal static Uri Endpoint(OpenAISummaryOptions settings)
    {
        var url = settings.BaseUrl.TrimEnd('/') + "/chat/completions";
        return new Uri(string.IsNullOrWhiteSpace(settings.AzureApiVersion)
            ? url
            : $"{url}?api-version={Uri.EscapeDataString(settings.AzureApiVersion.Trim())}");
    }

    private static void Authenticate(HttpRequestMessage message, OpenAISummaryOptions settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(settings.AzureApiVersion))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        }
        else
        {
            message.Headers.Add("api-key", settings.ApiKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Summary of chat {ChatId} fell back to the built-in summariser: {Reason}")]
    private static partial void LogFallback(ILogger logger, string chatId, string reason);

    private sealed record Completion(string? Text, SummaryUsage? Usage, string Failure)
    {
        public static Completion Failed(string reason) => new(null, null, reason);
    }
}
