using LiveChat.Summaries.OpenAI;

namespace LiveChat.Summaries;

/// <summary>The <c>Summaries</c> configuration section.</summary>
public sealed record SummariesOptions
{
    public const string Section = "Summaries";

    /// <summary>The active summariser by registered name: <c>Builtin</c> (default), <c>OpenAI</c>, or a plugin's name.</summary>
    public string Provider { get; set; } = BuiltinSummarizer.ProviderName;

    public OpenAISummaryOptions OpenAI { get; set; } = new();
}

/// <summary>The <c>Summaries:OpenAI</c> section: any OpenAI-compatible Chat Completions endpoint.</summary>
public sealed record OpenAISummaryOptions
{
    public const string DefaultBaseUrl = "https://api.openai.com/v1";
    public const double MaxTimeoutSeconds = 600;

    /// <summary>Up to the <c>/chat/completions</c> segment: OpenAI, <c>http://localhost:11434/v1</c> (Ollama), an Azure deployment URL.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Sent as <c>Authorization: Bearer</c>, or as <c>api-key</c> for Azure. May be empty for self-hosted servers.</summary>
    public string? ApiKey { get; set; }

    public string? Model { get; set; }

    /// <summary>When set, the endpoint is Azure OpenAI: <c>api-key</c> header and <c>?api-version=</c> on the URL.</summary>
    public string? AzureApiVersion { get; set; }

    /// <summary>Transcripts longer than this are trimmed from the middle before they are sent.</summary>
    public int MaxTranscriptChars { get; set; } = 12_000;

    /// <summary>How long one attempt may take before it counts as failed (and is retried, up to twice).</summary>
    public double TimeoutSeconds { get; set; } = 30;

    public int MaxCompletionTokens { get; set; } = 400;
}

/// <summary>Start-up validation; every message names the setting to fix.</summary>
internal sealed class SummariesOptionsValidator(IEnumerable<SummarizerRegistration> registrations) : IValidateOptions<SummariesOptions>
{
    public ValidateOptionsResult Validate(string? name, SummariesOptions options)
    {
        var failures = Check(options, [.. registrations.Select(r => r.Name).Distinct(StringComparer.OrdinalIgnoreCase)]);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Check(SummariesOptions options, IReadOnlyList<string> providers)
    {
        var failures = new List<string>();
        var known = string.Join(", ", providers);
        if (string.IsNullOrWhiteSpace(options.Provider))
        {
            failures.Add($"Summaries:Provider is required (one of: {known}).");
            return failures;
        }

        if (!providers.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"Summaries:Provider '{options.Provider}' is not a registered summariser (one of: {known}).");
        }

        if (string.Equals(options.Provider, OpenAISummarizer.ProviderName, StringComparison.OrdinalIgnoreCase))
        {
            failures.AddRange(CheckOpenAI(options.OpenAI));
        }

        return failures;
    }

    private static IEnumerable<string> CheckOpenAI(OpenAISummaryOptions openAI)
    {
        var baseUrlValid = Uri.TryCreate(openAI.BaseUrl, UriKind.Absolute, out var baseUrl)
            && (baseUrl.Scheme == Uri.UriSchemeHttp || baseUrl.Scheme == Uri.UriSchemeHttps);
        if (!baseUrlValid)
        {
            yield return $"Summaries:OpenAI:BaseUrl must be an absolute http(s) URL such as {OpenAISummaryOptions.DefaultBaseUrl}.";
        }

        if (string.IsNullOrWhiteSpace(openAI.Model))
        {
            yield return "Summaries:OpenAI:Model is required when Summaries:Provider is OpenAI.";
        }

        if (string.IsNullOrWhiteSpace(openAI.ApiKey))
        {
            if (!string.IsNullOrWhiteSpace(openAI.AzureApiVersion))
            {
                yield return "Summaries:OpenAI:ApiKey is required when Summaries:OpenAI:AzureApiVersion is set (Azure OpenAI).";
            }
            else if (baseUrlValid && string.Equals(baseUrl!.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase))
            {
                yield return "Summaries:OpenAI:ApiKey is required when Summaries:Provider is OpenAI and Summaries:OpenAI:BaseUrl is api.openai.com " +
                    "(only self-hosted servers such as Ollama or vLLM may run without a key).";
            }
        }

        if (openAI.MaxTranscriptChars is < 1_000 or > 1_000_000)
        {
            yield return "Summaries:OpenAI:MaxTranscriptChars must be between 1000 and 1000000.";
        }

        if (openAI.TimeoutSeconds is <= 0 or > OpenAISummaryOptions.MaxTimeoutSeconds || double.IsNaN(openAI.TimeoutSeconds))
        {
            yield return $"Summaries:OpenAI:TimeoutSeconds must be more than 0 and at most {OpenAISummaryOptions.MaxTimeoutSeconds}.";
        }

        if (openAI.MaxCompletionTokens is < 16 or > 100_000)
        {
            yield return "Summaries:OpenAI:MaxCompletionTokens must be between 16 and 100000.";
        }
    }
}
