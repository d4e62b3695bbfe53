using System.Net.Http.Headers;
using System.Text;
using LiveChat.Tickets.Http;
using Microsoft.Extensions.Options;

namespace LiveChat.Tickets.Freshdesk;

/// <summary>
/// Freshdesk: <c>POST /api/v2/tickets</c> (source 7 = Chat, status 2 = Open). Freshdesk has no idempotency
/// key, so every ticket carries our reference as a tag (<see cref="TicketReference"/>) and, after an
/// ambiguous attempt, <c>GET /api/v2/search/tickets?query="tag:'…'"</c> looks for it before creating.
/// </summary>
internal sealed class FreshdeskSink(IFreshdeskApi api, IOptions<TicketsOptions> options, TimeProvider time) : ITicketSink
{
    internal const int StatusOpen = 2;
    internal const int SourceChat = 7;
    internal const int PriorityLow = 1;
    internal const int PriorityMedium = 2;
    private const string Name = "Freshdesk";
    private readonly FreshdeskOptions _freshdesk = options.Value.Freshdesk;

    public string Provider => TicketProviders.Freshdesk;

    // The tag search is indexed.
    public TimeSpan LookupDelay => TicketBackoff.SearchIndexDelay;

    public async Task<TicketOutcome> CreateAsync(TicketRequest request, TicketAttempt attempt, CancellationToken cancellationToken)
    {
        var reference = TicketReference.For(request);
        if (attempt.PreviousWasAmbiguous && await FindAsync(reference, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var content = TicketContent.Build(request);
        var contact = request.Contact;
        var email = Blank(contact.Email);
        var phone = Blank(contact.Phone);
        var body = new FreshdeskCreate(
            content.Subject,
            content.Html,
            TicketContent.VisitorName(contact) ?? "Chat visitor",
            email,
            phone,
            // Freshdesk needs some requester identity; an anonymous visitor gets one per chat.
            email is null && phone is null ? AnonymousVisitor(request.ChatId) : null,
            StatusOpen,
            request.Kind == TicketKind.Missed ? PriorityMedium : PriorityLow,
            SourceChat,
            [.. content.Tags, reference]);
        var exchange = await TicketHttp.CallAsync(() => api.CreateTicketAsync(body, cancellationToken), Name, cancellationToken);
        if (exchange.Failure is { } failure)
        {
            return failure;
        }

        using var response = exchange.Response!;
        if (!response.IsSuccessStatusCode)
        {
            return TicketHttp.Failure(response, Name, Describe, time);
        }

        return response.Content is { } ticket && TicketHttp.Id(ticket.Id) is { } id
            ? new TicketOutcome.Created(id, AgentUrl(id))
            : TicketHttp.NoId(response, Name);
    }

    private async Task<TicketOutcome?> FindAsync(string reference, CancellationToken cancellationToken)
    {
        var exchange = await TicketHttp.CallAsync(() => api.SearchAsync($"\"tag:'{reference}'\"", cancellationToken), Name, cancellationToken);
        if (exchange.Failure is { } failure)
        {
            return Lookup.Failed(failure);
        }

        using var response = exchange.Response!;
        if (!response.IsSuccessStatusCode)
        {
            return Lookup.Failed(TicketHttp.Failure(response, Name, Describe, time));
        }

        return response.Content?.Results?.Select(t => TicketHttp.Id(t.Id)).FirstOrDefault(id => id is not null) is { } id
            ? new TicketOutcome.Created(id, AgentUrl(id))
            : null;
    }

    /// <summary>The client's Basic credentials, <c>{api key}:X</c>.</summary>
    internal static AuthenticationHeaderValue Credentials(FreshdeskOptions options) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ApiKey}:X")));

    private string AgentUrl(string id) => TicketHttp.Url(_freshdesk.BaseUrl!, $"/a/tickets/{id}").ToString();

    /// <summary>Freshdesk's <c>description</c> (or <c>code</c>/<c>message</c>) and per-field <c>errors</c>.</summary>
    internal static string? Describe(JsonElement error)
    {
        var code = JsonText.String(error, "code");
        var message = JsonText.String(error, "message");
        var head = JsonText.String(error, "description") ?? (code is not null && message is not null ? $"{code}: {message}" : code ?? message);
        var details = string.Join("; ", JsonText.Array(error, "errors").Select(e =>
            JsonText.Join(JsonText.String(e, "field") + ":", JsonText.String(e, "message"), JsonText.String(e, "code") is { } code ? $"[{code}]" : null)));
        return details.Length > 0 ? $"{head} ({details})" : head;
    }

    private static string AnonymousVisitor(string chatId) =>
        chatId.Length <= 64 && chatId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? $"livechat-visitor-{chatId}"
            : $"livechat-visitor-{TicketRequest.Sha256Hex(chatId)[..20]}";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
