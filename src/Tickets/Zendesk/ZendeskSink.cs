using System.Net.Http.Headers;
using System.Text;
using LiveChat.Tickets.Http;
using Microsoft.Extensions.Options;

namespace LiveChat.Tickets.Zendesk;

/// <summary>
/// Zendesk: <c>POST /api/v2/tickets</c> with an <c>Idempotency-Key</c> (the same key on every attempt,
/// so a retry returns the first result instead of a second ticket) and <c>external_id</c> = the chat id;
/// after an ambiguous attempt it also looks the ticket up by <c>external_id</c> first, in case the
/// idempotency key (kept by Zendesk for about two hours) has expired.
/// </summary>
internal sealed class ZendeskSink(IZendeskApi api, IOptions<TicketsOptions> options, TimeProvider time) : ITicketSink
{
    internal const string MissedTag = "missed_chat";
    private const string Name = "Zendesk";
    private readonly ZendeskOptions _zendesk = options.Value.Zendesk;

    public string Provider => TicketProviders.Zendesk;

    // The idempotency key and the external_id listing see a new ticket at once.
    public TimeSpan LookupDelay => TimeSpan.Zero;

    public async Task<TicketOutcome> CreateAsync(TicketRequest request, TicketAttempt attempt, CancellationToken cancellationToken)
    {
        if (attempt.PreviousWasAmbiguous && await FindAsync(request, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var content = TicketContent.Build(request);
        var tags = content.Tags.Select(t => t == TicketContent.MissedTag ? MissedTag : t).ToList();
        var body = new ZendeskCreate(new ZendeskNewTicket(
            content.Subject,
            new ZendeskComment(content.Text, Public: false),
            new ZendeskRequester(TicketContent.VisitorName(request.Contact) ?? "Chat visitor", Blank(request.Contact.Email)),
            tags,
            request.ChatId));
        var exchange = await TicketHttp.CallAsync(() => api.CreateTicketAsync(body, request.IdempotencyKey, cancellationToken), Name, cancellationToken);
        if (exchange.Failure is { } failure)
        {
            return failure;
        }

        using var response = exchange.Response!;
        if (!response.IsSuccessStatusCode)
        {
            return TicketHttp.Failure(response, Name, Describe, time);
        }

        return response.Content?.Ticket is { } ticket && TicketHttp.Id(ticket.Id) is { } id
            ? new TicketOutcome.Created(id, AgentUrl(id))
            : TicketHttp.NoId(response, Name);
    }

    /// <summary>External ids need not be unique, and a chat can have a missed and a transcript ticket: the missed tag tells them apart.</summary>
    private async Task<TicketOutcome?> FindAsync(TicketRequest request, CancellationToken cancellationToken)
    {
        var exchange = await TicketHttp.CallAsync(() => api.ListByExternalIdAsync(request.ChatId, cancellationToken), Name, cancellationToken);
        if (exchange.Failure is { } failure)
        {
            return Lookup.Failed(failure);
        }

        using var response = exchange.Response!;
        if (!response.IsSuccessStatusCode)
        {
            return Lookup.Failed(TicketHttp.Failure(response, Name, Describe, time));
        }

        var missed = request.Kind == TicketKind.Missed;
        var match = response.Content?.Tickets?.FirstOrDefault(t => (t.Tags?.Contains(MissedTag) ?? false) == missed);
        return match is not null && TicketHttp.Id(match.Id) is { } id ? new TicketOutcome.Created(id, AgentUrl(id)) : null;
    }

    /// <summary>The client's Basic credentials, <c>{email}/token:{api token}</c>.</summary>
    internal static AuthenticationHeaderValue Credentials(ZendeskOptions options) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Email}/token:{options.ApiToken}")));

    private string AgentUrl(string id) => TicketHttp.Url(_zendesk.BaseUrl!, $"/agent/tickets/{id}").ToString();

    /// <summary>Zendesk's <c>error</c> (a string or <c>{title, message}</c>), <c>description</c> and per-field <c>details</c>.</summary>
    internal static string? Describe(JsonElement error)
    {
        var (code, text) = error.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object
            ? (JsonText.String(e, "title"), JsonText.String(e, "message"))
            : (JsonText.String(error, "error"), JsonText.String(error, "description"));
        var head = code is not null && text is not null ? $"{code}: {text}" : code ?? text;
        var details = error.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object
            ? string.Join("; ", d.EnumerateObject().SelectMany(field => field.Value.ValueKind == JsonValueKind.Array
                ? field.Value.EnumerateArray().Select(item => $"{field.Name}: {JsonText.String(item, "description") ?? JsonText.String(item, "error")}")
                : []))
            : "";
        return details.Length > 0 ? $"{head} ({details})" : head;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
