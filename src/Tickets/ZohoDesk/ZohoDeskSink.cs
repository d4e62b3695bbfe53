using LiveChat.Tickets.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace LiveChat.Tickets.ZohoDesk;

/// <summary>
/// Zoho Desk: <c>POST /api/v1/tickets</c> with an OAuth access token from the refresh-token grant. Zoho has
/// no idempotency key, so after an ambiguous attempt the ticket is first searched for by our reference
/// (see README). A transcript too long for the description follows as private comments.
/// </summary>
internal sealed class ZohoDeskSink(
    IZohoDeskApi api,
    IZohoAccountsApi accounts,
    IOptions<TicketsOptions> options,
    ZohoDeskTokenCache tokens,
    TimeProvider time,
    ILogger<ZohoDeskSink> logger) : ITicketSink
{
    internal const int MaxDescriptionLength = 65_535;
    internal const int MaxCommentLength = 32_000;
    private const string Name = "Zoho Desk";
    private readonly ZohoDeskOptions _zoho = options.Value.ZohoDesk;

    public string Provider => TicketProviders.ZohoDesk;

    // The ticket search is indexed.
    public TimeSpan LookupDelay => TicketBackoff.SearchIndexDelay;

    public async Task<TicketOutcome> CreateAsync(TicketRequest request, TicketAttempt attempt, CancellationToken cancellationToken)
    {
        var content = TicketContent.Build(request);
        var reference = TicketReference.For(request);
        if (attempt.PreviousWasAmbiguous && await FindAsync(reference, content.Subject, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var description = TranscriptHtml.Render(request, MaxDescriptionLength);
        var body = new ZohoTicketCreate(
            content.Subject,
            DepartmentFor(request),
            Contact(request.Contact),
            Blank(request.Contact.Email),
            Blank(request.Contact.Phone),
            description.Html,
            "Chat",
            string.IsNullOrWhiteSpace(_zoho.ReferenceField) ? null : new() { [_zoho.ReferenceField.Trim()] = reference });
        var exchange = await CallAsync(auth => api.CreateTicketAsync(body, auth, _zoho.OrgId!, cancellationToken), cancellationToken);
        if (exchange.Failure is { } failure)
        {
            return failure;
        }

        using var response = exchange.Response!;
        if (!response.IsSuccessStatusCode)
        {
            return TicketHttp.Failure(response, Name, Describe, time);
        }

        if (response.Content is not { } ticket || TicketHttp.Id(ticket.Id) is not { } id)
        {
            return TicketHttp.NoId(response, Name);
        }

        await TagAsync(id, content.Tags, cancellationToken);
        if (description.LinesIncluded < request.Lines.Count)
        {
            await CommentTranscriptAsync(id, request, cancellationToken);
        }

        return new TicketOutcome.Created(id, ticket.WebUrl);
    }

    /// <summary>Searches by the reference field when configured, else full-text for the reference line of the description.</summary>
    private async Task<TicketOutcome?> FindAsync(string reference, string subject, CancellationToken cancellationToken)
    {
        var field = _zoho.ReferenceField?.Trim();
        var (all, custom) = string.IsNullOrEmpty(field) ? (reference, (string?)null) : (null, $"{field}:{reference}");
        var exchange = await CallAsync(auth => api.SearchAsync(all, custom, 10, auth, _zoho.OrgId!, cancellationToken), cancellationToken);
        if (exchange.Failure is { } failure)
        {
            return Lookup.Failed(failure);
        }

        using var response = exchange.Response!;
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            return Lookup.Failed(TicketHttp.Failure(response, Name, Describe, time));
        }

        var match = response.Content?.Data?.FirstOrDefault(t => Matches(t, field, reference, subject));
        return match is not null && TicketHttp.Id(match.Id) is { } id ? new TicketOutcome.Created(id, match.WebUrl) : null;
    }

    private static bool Matches(ZohoTicket ticket, string? field, string reference, string subject)
    {
        if (!string.IsNullOrEmpty(field) && ticket.Cf is { } cf && cf.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.String)
        {
            return string.Equals(value.GetString(), reference, StringComparison.OrdinalIgnoreCase);
        }

        // Full-text hits are fuzzy; the subject we would have sent pins the match down.
        return string.Equals(ticket.Subject?.Trim(), subject, StringComparison.Ordinal);
    }

    private async Task TagAsync(string ticketId, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var valid = tags.Where(t => t.Length is >= 3 and <= 100).ToList();
        if (valid.Count == 0)
        {
            return;
        }

        var exchange = await CallAsync(auth => api.TagAsync(ticketId, new ZohoTagList(valid), auth, _zoho.OrgId!, cancellationToken), cancellationToken);
        using var response = exchange.Response;
        if (response is not { IsSuccessStatusCode: true })
        {
            logger.LogWarning("Zoho Desk ticket {TicketId} was created but tagging it failed ({Status}).", ticketId, response?.StatusCode);
        }
    }

    private async Task CommentTranscriptAsync(string ticketId, TicketRequest request, CancellationToken cancellationToken)
    {
        foreach (var chunk in TranscriptText.Chunks(request, MaxCommentLength))
        {
            var exchange = await CallAsync(
                auth => api.CommentAsync(ticketId, new ZohoComment(false, "plainText", chunk), auth, _zoho.OrgId!, cancellationToken), cancellationToken);
            using var response = exchange.Response;
            if (response is not { IsSuccessStatusCode: true })
            {
                // The ticket exists; creating it again would be worse than a missing note.
                logger.LogWarning("Zoho Desk ticket {TicketId} was created but adding the transcript comment failed ({Status}).", ticketId, response?.StatusCode);
                return;
            }
        }
    }

    /// <summary>Calls with the cached token; a 401 INVALID_OAUTH (nothing was done) refreshes once and calls again.</summary>
    internal async Task<Exchange<TResponse>> CallAsync<TResponse>(Func<string, Task<TResponse>> call, CancellationToken cancellationToken)
        where TResponse : class, IApiResponse
    {
        string? rejected = null;
        for (var round = 0; ; round++)
        {
            var access = await tokens.GetAsync(ct => ZohoDeskTokenRequest.FetchAsync(accounts, _zoho, time, ct), rejected, cancellationToken);
            if (access.Failure is { } failure)
            {
                return new Exchange<TResponse>(null, failure);
            }

            var exchange = await TicketHttp.CallAsync(() => call($"Zoho-oauthtoken {access.Token}"), Name, cancellationToken);
            if (round == 0 && exchange.Response is { StatusCode: HttpStatusCode.Unauthorized } unauthorized
                && (unauthorized.Error as ApiException)?.Content?.Contains("INVALID_OAUTH", StringComparison.Ordinal) == true)
            {
                unauthorized.Dispose();
                rejected = access.Token;
                continue;
            }

            return exchange;
        }
    }

    /// <summary>Zoho's <c>errorCode</c>, <c>message</c> and the field errors (<c>/departmentId missing</c>).</summary>
    internal static string? Describe(JsonElement error)
    {
        var fields = JsonText.Array(error, "errors")
            .Select(e => JsonText.Join(JsonText.String(e, "fieldName"), JsonText.String(e, "errorType"), JsonText.String(e, "errorMessage")))
            .Where(f => f.Length > 0);
        var code = JsonText.String(error, "errorCode");
        var message = JsonText.String(error, "message");
        var text = code is not null && message is not null ? $"{code}: {message}" : code ?? message;
        var details = string.Join("; ", fields);
        return details.Length > 0 ? $"{text} ({details})" : text;
    }

    private string DepartmentFor(TicketRequest request) =>
        request.DepartmentId is { } department && _zoho.Departments.TryGetValue(department, out var mapped) ? mapped : _zoho.DepartmentId!;

    private static ZohoContact Contact(TicketContact contact)
    {
        var name = TicketContent.OneLine(contact.Name);
        var space = name.LastIndexOf(' ');
        var (first, last) = space > 0 ? (name[..space], name[(space + 1)..]) : (null, name);
        if (last.Length == 0)
        {
            last = TicketContent.VisitorName(contact) ?? "Chat visitor";
        }

        return new ZohoContact(Cap(last, 80)!, Cap(first, 40), Blank(contact.Email), Blank(contact.Phone));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Cap(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
