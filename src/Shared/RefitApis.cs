using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace LiveChat.Resilience;

/// <summary>
/// How every Refit client of the gateway is made: JSON through our source-generated <see cref="JsonSerializerContext"/>
/// (its naming policy and null handling, no reflection), error bodies read up to a bound, and the shared
/// <see cref="HttpResilience"/> policy. Refit keeps the request (with its Authorization header) on an ApiException;
/// callers turn failures into outcomes and never log the exception object.
/// Compiled into each module that uses Refit (src/Shared, linked), like <see cref="HttpResilience"/>.
/// </summary>
internal static class RefitApis
{
    private const int MaxErrorBodyChars = 64 * 1024;

    public static RefitSettings Settings(JsonSerializerContext json) => new(new SystemTextJsonContentSerializer(json.Options))
    {
        MaxExceptionContentLength = MaxErrorBodyChars,
    };

    /// <summary>Registers <typeparamref name="TApi"/> with its base address (read when a client is made) and the shared policy.</summary>
    public static IHttpClientBuilder AddApi<TApi>(
        this IServiceCollection services, JsonSerializerContext json, Func<IServiceProvider, string> baseUrl, HttpResilienceOptions resilience)
        where TApi : class =>
        services.AddRefitGeneratedClient<TApi>(Settings(json))
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = new Uri(baseUrl(sp).TrimEnd('/') + "/");
                // The policy's per-attempt timeout bounds each call; HttpClient's own would cut across retries.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddLiveChatResilience(resilience);
}
