using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LiveChat.Resilience;

/// <summary>
/// The one resilience policy of every outgoing API client (Graph, helpdesks, OpenAI, bots): a per-attempt
/// timeout and exponential backoff with jitter on timeouts, network errors, 408, 429 and 5xx, honouring
/// Retry-After. Microsoft.Extensions.Http.Resilience is not on our package source, so this is the same
/// idea built directly on Polly 8.
/// </summary>
public sealed record HttpResilienceOptions
{
    /// <summary>Retries after the first attempt; 0 turns retrying off (the caller retries durably).</summary>
    public int MaxRetries { get; init; } = 3;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>A Retry-After longer than this is not waited for in-process; the response is returned.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Says a transient-looking answer is final after all (e.g. OpenAI's 429 <c>insufficient_quota</c>).
    /// The response content is buffered before this runs, so it may read the body.
    /// </summary>
    public Func<HttpResponseMessage, CancellationToken, ValueTask<bool>>? IsPermanent { get; init; }
}

public static class HttpResilience
{
    /// <summary>Adds the shared policy to a typed or named client.</summary>
    public static IHttpClientBuilder AddLiveChatResilience(this IHttpClientBuilder builder, HttpResilienceOptions? options = null)
    {
        var effective = options ?? new HttpResilienceOptions();
        return builder.AddHttpMessageHandler(() => new ResilienceHandler(BuildPipeline(effective)));
    }

    /// <summary>True for the answers worth another attempt: throttling and server-side failures.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The server's Retry-After as a delay, from either of its two forms.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider? time = null)
    {
        var header = response.Headers.RetryAfter;
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

    internal static ResiliencePipeline<HttpResponseMessage> BuildPipeline(HttpResilienceOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                ShouldHandle = args => ShouldRetryAsync(args.Outcome, options, args.Context.CancellationToken),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response ? RetryAfter(response) : null),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    private static async ValueTask<bool> ShouldRetryAsync(
        Outcome<HttpResponseMessage> outcome, HttpResilienceOptions options, CancellationToken cancellationToken)
    {
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException)
        {
            return !cancellationToken.IsCancellationRequested;
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

    private sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                // Buffered once, so every attempt sends the same bytes.
                await request.Content.LoadIntoBufferAsync(cancellationToken);
            }

            return await pipeline.ExecuteAsync(
                static (state, token) => new ValueTask<HttpResponseMessage>(state.Handler.SendCoreAsync(state.Request, token)),
                (Handler: this, Request: request),
                cancellationToken);
        }

        private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            base.SendAsync(request, cancellationToken);
    }
}
