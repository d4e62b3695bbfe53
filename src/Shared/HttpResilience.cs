using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace LiveChat.Resilience;

internal static class HttpResilience
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Adds the shared policy to a typed or named client.</summary>
    public static IHttpClientBuilder AddLiveChatResilience(this IHttpClientBuilder builder, HttpResilienceOptions? options = null)
    {
        var effective = options ?? new HttpResilienceOptions();
        builder.AddResilienceHandler("livechat", pipeline =>
        {
            if (effective.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = effective.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = effective.BaseDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context.GetRequestMessage(), effective, args.Context.CancellationToken),
                });
            }

            pipeline.AddTimeout(effective.AttemptTimeout);
        });
        return builder;
    }

    /// <summary>True for the answers worth another attempt: throttling and server-side failures.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The server's Retry-After as a delay, from either of its two forms.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider? time = null) => RetryAfter(response.Headers, time);

    /// <inheritdoc cref="RetryAfter(HttpResponseMessage, TimeProvider?)"/>
    public static TimeSpan? RetryAfter(System.Net.Http.Headers.HttpResponseHeaders? headers, TimeProvider? time = null)
    {
        var header = headers?.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - (time ?? TimeProvider.System).GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>May a second copy of this request be sent without risk of doing its work twice?</summary>
    public static bool IsSafeToRepeat(HttpRequestMessage request, HttpResilienceOptions options) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
        || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete
        || request.Headers.Contains(IdempotencyKeyHeader)
        || (options.RetryPosts && request.Method == HttpMethod.Post);

    private static async ValueTask<bool> ShouldRetryAsync(
        Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, HttpResilienceOptions options, CancellationToken cancellationToken)
    {
        if (request is null || !IsSafeToRepeat(request, options) || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        if (outcome.Result is not { } response || !IsTransient(response.StatusCode) || TooLongToWait(response, options))
        {
            return false;
        }

        if (options.IsPermanent is null)
        {
            return true;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return !await options.IsPermanent(response, cancellationToken);
    }

    private static bool TooLongToWait(HttpResponseMessage response, HttpResilienceOptions options) =>
        RetryAfter(response) is { } wait && wait > options.MaxRetryAfter;
}

/// <summary>
/// The one resilience policy of every outgoing API client (Graph, helpdesks, OpenAI), built on
/// Microsoft.Extensions.Http.Resilience: a per-attempt timeout, and exponential backoff with jitter on timeouts,
/// network errors, 408, 429 and 5xx, honouring Retry-After. A request is retried only when a second copy cannot do
/// harm: a GET, HEAD, OPTIONS, PUT or DELETE, a request carrying an <c>Idempotency-Key</c>, or a POST of a client that
/// says its POSTs create nothing (<see cref="HttpResilienceOptions.RetryPosts"/>, the summariser). A duplicate ticket
/// or a duplicate WhatsApp message is worse than a delay; their callers retry durably instead.
/// This file is compiled into each module that calls out (src/Shared, linked): the modules reference no common project.
/// </summary>
internal sealed record HttpResilienceOptions
{
    /// <summary>Retries after the first attempt; 0 turns retrying off (the caller retries durably).</summary>
    public int MaxRetries { get; init; } = 3;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>A Retry-After longer than this is not waited for in-process; the response is returned.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The client's POSTs create nothing (a summary), so retrying one cannot duplicate anything.</summary>
    public bool RetryPosts { get; init; }

    /// <summary>
    /// Says a transient-looking answer is final after all (e.g. OpenAI's 429 <c>insufficient_quota</c>).
    /// The response content is buffered before this runs, so it may read the body.
    /// </summary>
    public Func<HttpResponseMessage, CancellationToken, ValueTask<bool>>? IsPermanent { get; init; }
}
