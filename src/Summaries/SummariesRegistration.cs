using LiveChat.Resilience;
using LiveChat.Summaries.OpenAI;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveChat.Summaries;

public static class SummariesRegistration
{
    // Interactive: an operator is waiting, so a long Retry-After means "use Builtin now", not "wait".
    private const int OpenAIRetries = 2;
    private static readonly TimeSpan s_openAIMaxRetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Binds <c>Summaries</c>, registers the Builtin and OpenAI summarisers and exposes the one named by
    /// <c>Summaries:Provider</c> as <see cref="ISummarizer"/>. Invalid settings stop the host at start.
    /// </summary>
    public static IServiceCollection AddSummaries(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SummariesOptions>().BindConfiguration(SummariesOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SummariesOptions>, SummariesOptionsValidator>());

        services.TryAddSingleton<BuiltinSummarizer>();
        services.AddSummarizer<BuiltinSummarizer>(BuiltinSummarizer.ProviderName);

        services.AddHttpClient(OpenAISummarizer.HttpClientName, (sp, client) => client.Timeout = OverallTimeout(OpenAISettings(sp)))
            .AddLiveChatResilience(new HttpResilienceOptions
            {
                MaxRetries = OpenAIRetries,
                // A chat completion creates nothing: a second copy of the POST costs tokens, never a duplicate.
                RetryPosts = true,
                // The configured per-attempt timeout is applied by AttemptTimeoutHandler; this one only backs it up.
                AttemptTimeout = TimeSpan.FromSeconds(OpenAISummaryOptions.MaxTimeoutSeconds + 1),
                MaxRetryAfter = s_openAIMaxRetryAfter,
                IsPermanent = OpenAIError.IsQuotaExhaustedAsync,
            })
            .AddHttpMessageHandler(sp => new AttemptTimeoutHandler(TimeSpan.FromSeconds(OpenAISettings(sp).TimeoutSeconds)));
        services.AddSummarizer<OpenAISummarizer>(OpenAISummarizer.ProviderName);

        services.TryAddTransient(ActiveSummarizer);
        return services;
    }

    /// <summary>
    /// Plugs in another summariser: <c>services.AddSummarizer&lt;MySummarizer&gt;("Mine")</c>, then
    /// <c>Summaries__Provider=Mine</c> selects it. Names compare case-insensitively; a later registration of
    /// the same name wins. <typeparamref name="T"/> is registered transient unless already registered.
    /// </summary>
    public static IServiceCollection AddSummarizer<T>(this IServiceCollection services, string name)
        where T : class, ISummarizer
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.TryAddTransient<T>();
        services.AddSingleton(new SummarizerRegistration(name.Trim(), typeof(T)));
        return services;
    }

    private static ISummarizer ActiveSummarizer(IServiceProvider services)
    {
        var provider = services.GetRequiredService<IOptions<SummariesOptions>>().Value.Provider;
        var registration = services.GetServices<SummarizerRegistration>()
            .LastOrDefault(r => string.Equals(r.Name, provider, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"Summaries:Provider '{provider}' is not a registered summariser.");
        return (ISummarizer)services.GetRequiredService(registration.Type);
    }

    private static OpenAISummaryOptions OpenAISettings(IServiceProvider services) =>
        services.GetRequiredService<IOptions<SummariesOptions>>().Value.OpenAI;

    // Every attempt, every allowed wait between attempts, and a little slack: the whole call is bounded.
    private static TimeSpan OverallTimeout(OpenAISummaryOptions settings) =>
        TimeSpan.FromSeconds(settings.TimeoutSeconds) * (OpenAIRetries + 1) + s_openAIMaxRetryAfter * OpenAIRetries + TimeSpan.FromSeconds(5);
}

/// <summary>A summariser's selectable name and its service type.</summary>
internal sealed record SummarizerRegistration(string Name, Type Type);
