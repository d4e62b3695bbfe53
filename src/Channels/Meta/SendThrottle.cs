using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace LiveChat.Channels.Meta;

/// <summary>Meta's per-sender throughput (e.g. 80 messages/s per WhatsApp phone number), one token bucket per sender id.</summary>
internal sealed class SendThrottle : IDisposable
{
    private const int QueueLimit = 10_000;
    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);

    public ValueTask<RateLimitLease> AcquireAsync(string channel, string senderId, int perSecond, CancellationToken cancellationToken) =>
        _limiters.GetOrAdd($"{channel}:{senderId}:{perSecond}", _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        })).AcquireAsync(1, cancellationToken);

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
