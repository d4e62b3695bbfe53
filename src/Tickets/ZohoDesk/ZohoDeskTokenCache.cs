using LiveChat.Tickets.Http;
using Refit;

namespace LiveChat.Tickets.ZohoDesk;

/// <summary>
/// The in-memory cache of the Zoho access token (a cache: a node that restarts just fetches a new one).
/// Zoho limits refreshes per refresh token, so concurrent attempts share one fetch and keep the token
/// until shortly before it expires.
/// </summary>
internal sealed class ZohoDeskTokenCache(TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset RefreshAt)? _current;

    /// <param name="fetch">Gets a new token and its lifetime.</param>
    /// <param name="rejected">A token the API just refused: never hand it out again.</param>
    /// <param name="cancellationToken">Cancels the wait and the fetch.</param>
    public async Task<ZohoAccess> GetAsync(
        Func<CancellationToken, Task<(ZohoAccess Access, TimeSpan Lifetime)>> fetch, string? rejected, CancellationToken cancellationToken)
    {
        if (Usable(rejected) is { } cached)
        {
            return new ZohoAccess(cached, null);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Usable(rejected) is { } fetchedMeanwhile)
            {
                return new ZohoAccess(fetchedMeanwhile, null);
            }

            var (access, lifetime) = await fetch(cancellationToken);
            if (access.Token is { } token)
            {
                var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, lifetime.Ticks / 10));
                _current = (token, time.GetUtcNow() + lifetime - margin);
            }

            return access;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string? Usable(string? rejected) =>
        _current is { } current && current.RefreshAt > time.GetUtcNow() && !string.Equals(current.Token, rejected, StringComparison.Ordinal)
            ? current.Token
            : null;

    public void Dispose() => _gate.Dispose();
}

/// <summary>The refresh-token grant against Zoho accounts.</summary>
internal static class ZohoDeskTokenRequest
{
    public static async Task<(ZohoAccess Access, TimeSpan Lifetime)> FetchAsync(
        IZohoAccountsApi accounts, ZohoDeskOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var grant = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = options.RefreshToken ?? "",
            ["client_id"] = options.ClientId ?? "",
            ["client_secret"] = options.ClientSecret ?? "",
        };
        var exchange = await TicketHttp.CallAsync(() => accounts.RefreshAsync(grant, cancellationToken), "Zoho accounts", cancellationToken);
        if (exchange.Failure is TicketOutcome.Retry retry)
        {
            // No ticket can have been created by a token request.
            return (new ZohoAccess(null, retry with { Ambiguous = false }), TimeSpan.Zero);
        }

        using var response = exchange.Response!;
        // Zoho may say why in the body of a 200 or of a 4xx alike.
        var token = response.Content ?? Parse((response.Error as ApiException)?.Content);
        if (response.IsSuccessStatusCode && !string.IsNullOrEmpty(token?.AccessToken))
        {
            return (new ZohoAccess(token.AccessToken, null), TimeSpan.FromSeconds(token.ExpiresIn is > 0 ? token.ExpiresIn.Value : 3600));
        }

        if (token?.Error is { } error && !error.Contains("Access Denied", StringComparison.OrdinalIgnoreCase))
        {
            return (new ZohoAccess(null, new TicketOutcome.Rejected(
                $"Zoho accounts refused the refresh token ({error}): check Tickets:ZohoDesk:ClientId, ClientSecret, RefreshToken and AccountsUrl (the data centre of the account).")), TimeSpan.Zero);
        }

        if (token?.Error is not null)
        {
            // Zoho answers "Access Denied" when refreshes come too often.
            return (new ZohoAccess(null, new TicketOutcome.Retry($"Zoho accounts throttled the token refresh ({token.Error}).", null, false)), TimeSpan.Zero);
        }

        var failure = TicketHttp.Failure(response, "Zoho accounts", _ => null, time);
        return (new ZohoAccess(null, failure is TicketOutcome.Retry r ? r with { Ambiguous = false } : failure), TimeSpan.Zero);
    }

    private static ZohoTokenResponse? Parse(string? body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize(body, ZohoDeskJson.Default.ZohoTokenResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>An access token, or why there is none.</summary>
internal sealed record ZohoAccess(string? Token, TicketOutcome? Failure);
