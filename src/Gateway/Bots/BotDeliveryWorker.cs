using System.Net.Http.Headers;
using LiveChat.Channels.Activities;
using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LiveChat.Gateway.Bots;

/// <summary>
/// POSTs queued activities to bots. A row is claimed with a lease and the claim is committed before the HTTP call,
/// so no lock is held while the bot runs its turn and calls the Connector API back. One activity per chat at a time,
/// oldest first. A bot that keeps failing (timeout, 5xx, refusal) loses the chat to the human queue.
/// </summary>
public sealed partial class BotDeliveryWorker(
    Db db,
    BotDeliveries deliveries,
    IBotSigningKeys keys,
    IHttpClientFactory http,
    IServer server,
    IOptions<BotsOptions> bots,
    IOptions<BotDeliveryOptions> options,
    IOptions<HostingOptions> hosting,
    TimeProvider time,
    ILogger<BotDeliveryWorker> logger) : WakeableWorker(deliveries)
{
    private static readonly TimeSpan s_tokenLifetime = TimeSpan.FromMinutes(10);

    public const string HttpClientName = "bots";

    protected override Task<int> WorkDueAsync(CancellationToken cancellationToken) => DeliverDueAsync(cancellationToken);

    protected override void OnRoundFailed(Exception exception) => LogWorkerFailed(logger, exception);

    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, DeliverOneAsync);
        return claimed.Count;
    }

    private async Task<IReadOnlyList<Claim>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var claimed = await work.QueryAsync<Claim>(
            $"""
            UPDATE bot_deliveries SET locked_until = @leaseEnd, attempts = attempts + 1
            WHERE id IN (
                SELECT d.id FROM bot_deliveries d
                WHERE d.next_attempt_at <= @now AND (d.locked_until IS NULL OR d.locked_until < @now)
                  AND NOT EXISTS (SELECT 1 FROM bot_deliveries p WHERE p.chat_id = d.chat_id AND p.id < d.id)
                ORDER BY d.id LIMIT 16{db.ForUpdateSkipLocked})
            RETURNING id, chat_id, bot, kind, payload, attempts
            """,
            new { now, leaseEnd = now + options.Value.Lease });
        var list = claimed.ToList();
        await work.CommitAsync(cancellationToken);
        return list;
    }

    private async ValueTask DeliverOneAsync(Claim claim, CancellationToken cancellationToken)
    {
        var failure = bots.Value.Find(claim.Bot) is { } bot
            ? await PostAsync(claim, bot, cancellationToken)
            : $"Bots:{claim.Bot} is no longer configured";
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        if (failure is null || claim.Attempts >= options.Value.MaxAttempts || bots.Value.Find(claim.Bot) is null)
        {
            await work.ExecuteAsync("DELETE FROM bot_deliveries WHERE id = @Id", new { claim.Id });
        }
        else
        {
            await work.ExecuteAsync(
                "UPDATE bot_deliveries SET locked_until = NULL, next_attempt_at = @next WHERE id = @Id",
                new { claim.Id, next = now + (options.Value.RetryDelay * claim.Attempts) });
        }

        if (failure is not null)
        {
            LogBotFailed(logger, claim.Bot, claim.ChatId, claim.Attempts, failure);
            if ((claim.Attempts >= options.Value.MaxAttempts || bots.Value.Find(claim.Bot) is null) && claim.Kind == BotDeliveries.ActivityKind)
            {
                await BotHandoff.ToHumansAsync(
                    work, claim.ChatId, claim.Bot, null, $"the bot did not answer after {claim.Attempts} attempt(s) ({failure})", notifyBot: false, now);
            }
        }

        await work.CommitAsync(cancellationToken);
    }

    /// <summary>POSTs one activity; null when the bot took it (2xx), else why not.</summary>
    private async Task<string?> PostAsync(Claim claim, BotOptions bot, CancellationToken cancellationToken)
    {
        var serviceUrl = ServiceUrl();
        var activity = JsonSerializer.Deserialize(claim.Payload, ActivityJson.Default.Activity)! with { ServiceUrl = serviceUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, bot.Endpoint)
        {
            Content = JsonContent.Create(activity, ActivityJson.Default.Activity),
        };
        if (bot.AppId is { Length: > 0 } appId)
        {
            // As the Bot Framework channel service signs: RS256 with a published key, audience the app id, serviceUrl claim.
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BotTokens.Create(
                await keys.CurrentAsync(cancellationToken), BotTokens.Gateway, appId, time.GetUtcNow(), s_tokenLifetime,
                new Dictionary<string, object> { [BotTokens.ServiceUrlClaim] = serviceUrl }));
        }
        else if (bot.Secret is { Length: > 0 } secret)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Bearer", BotTokens.Create(BotTokens.Gateway, claim.Bot, secret, time.GetUtcNow(), s_tokenLifetime, serviceUrl));
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.Timeout);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
        catch (HttpRequestException exception)
        {
            return exception.HttpRequestError.ToString();
        }
    }

    /// <summary>The Connector base bots call back: Hosting:PublicBaseUrl, else this node's first listening address.</summary>
    private string ServiceUrl()
    {
        var configured = hosting.Value.PublicBaseUrl;
        var address = configured ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost/";
        return address.EndsWith('/') ? address : address + "/";
    }

    private sealed record Claim
    {
        public long Id { get; init; }
        public required string ChatId { get; init; }
        public required string Bot { get; init; }
        public required string Kind { get; init; }
        public required string Payload { get; init; }
        public int Attempts { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot {Bot} did not take an activity of chat {ChatId} (attempt {Attempt}): {Reason}")]
    private static partial void LogBotFailed(ILogger logger, string bot, string chatId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The bot delivery worker failed; retrying")]
    private static partial void LogWorkerFailed(ILogger logger, Exception exception);
}
