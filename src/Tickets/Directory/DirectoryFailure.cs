using LiveChat.Tickets.Http;

namespace LiveChat.Tickets;

internal static class DirectoryFailure
{
    /// <summary>The words of a failed exchange, read as the ticket sinks read it; a directory does not retry.</summary>
    public static string Reason(TicketOutcome failure) => failure switch
    {
        TicketOutcome.Retry retry => retry.Reason,
        TicketOutcome.Rejected rejected => rejected.Reason,
        _ => "The helpdesk did not answer.",
    };

    /// <summary>
    /// One call of a directory: its answer read by <paramref name="read"/> (which may say "none" for a 404), or why there is
    /// none. <paramref name="describe"/> reads the provider's error body.
    /// </summary>
    public static async Task<HelpdeskAnswer<TValue>> AskAsync<TResponse, TValue>(
        Func<Task<Exchange<TResponse>>> call,
        string provider,
        Func<JsonElement, string?> describe,
        TimeProvider time,
        Func<TResponse, HelpdeskAnswer<TValue>> read)
        where TResponse : class, Refit.IApiResponse
    {
        var exchange = await call();
        if (exchange.Failure is { } failure)
        {
            return HelpdeskAnswer<TValue>.Failed(Reason(failure));
        }

        using var response = exchange.Response!;
        return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound
            ? read(response)
            : HelpdeskAnswer<TValue>.Failed(Reason(TicketHttp.Failure(response, provider, describe, time)));
    }

    public static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
