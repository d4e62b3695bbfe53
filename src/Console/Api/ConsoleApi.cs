using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LiveChat.OperatorConsole.State;

namespace LiveChat.OperatorConsole.Api;

/// <summary>
/// The one typed client of the gateway's public API. Every call carries the operator's bearer token; a 401 tells the
/// session it has expired (the screen asks for the password again and keeps everything else).
/// </summary>
public sealed partial class ConsoleApi(HttpClient http, Session session)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ConsoleJson.Default, new DefaultJsonTypeInfoResolver()),
    };

    public async Task<SignInResponse> SignInAsync(SignInRequest request, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync("api/v1/auth/token", request, Json, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // A disabled operator is told so (the gateway says it only once the password was right); any other refusal reads the same.
            var refused = await ApiProblem.FromAsync(response, cancellationToken);
            throw new ApiProblem(response.StatusCode, refused.Message.Contains("disabled", StringComparison.Ordinal)
                ? "This operator is disabled; an admin can enable it again."
                : "That email and password do not match an operator.");
        }

        return await ReadAsync<SignInResponse>(response, cancellationToken);
    }

    public Task<OperatorView> MeAsync(CancellationToken cancellationToken = default) => GetAsync<OperatorView>("api/v1/operators/me", cancellationToken);

    public Task<OperatorView> SetStatusAsync(StatusRequest request) => SendAsync<OperatorView>(HttpMethod.Put, "api/v1/operators/me/status", request);

    public Task<OperatorPreferences> PreferencesAsync() => GetAsync<OperatorPreferences>("api/v1/operators/me/preferences");

    public Task<OperatorPreferences> SavePreferencesAsync(OperatorPreferences preferences) =>
        SendAsync<OperatorPreferences>(HttpMethod.Put, "api/v1/operators/me/preferences", preferences);

    public Task<List<DepartmentView>> DepartmentsAsync() => GetAsync<List<DepartmentView>>("api/v1/departments");

    public Task<List<ChatView>> ChatsAsync(string view, int limit = 200, int offset = 0, CancellationToken cancellationToken = default) =>
        GetAsync<List<ChatView>>($"api/v1/chats?view={view}&limit={limit}&offset={offset}", cancellationToken);

    public Task<ChatView> ChatAsync(string id, CancellationToken cancellationToken = default) => GetAsync<ChatView>($"api/v1/chats/{Esc(id)}", cancellationToken);

    public Task<List<MessageView>> MessagesAsync(string id, string? before = null, int limit = 50, CancellationToken cancellationToken = default) =>
        GetAsync<List<MessageView>>(
            before is null ? $"api/v1/chats/{Esc(id)}/messages?limit={limit}&latest=true" : $"api/v1/chats/{Esc(id)}/messages?before={Esc(before)}&limit={limit}",
            cancellationToken);

    public Task<List<MessageView>> MessagesAfterAsync(string id, string after, CancellationToken cancellationToken = default) =>
        GetAsync<List<MessageView>>($"api/v1/chats/{Esc(id)}/messages?after={Esc(after)}", cancellationToken);

    public Task<List<ChatSearchHit>> SearchAsync(string q, CancellationToken cancellationToken = default) =>
        GetAsync<List<ChatSearchHit>>($"api/v1/chats/search?q={Esc(q)}&limit=30", cancellationToken);

    public Task<List<UnreadView>> UnreadAsync() => GetAsync<List<UnreadView>>("api/v1/chats/unread");

    public Task<List<ChatRequestView>> RequestsAsync() => GetAsync<List<ChatRequestView>>("api/v1/chats/requests");

    public Task<VisitorDetails> VisitorAsync(string id) => GetAsync<VisitorDetails>($"api/v1/visitors/{Esc(id)}");

    public Task<HelpdeskTicketsView> HelpdeskTicketsAsync(string visitorId) => GetAsync<HelpdeskTicketsView>($"api/v1/visitors/{Esc(visitorId)}/helpdesk-tickets");

    public Task<List<ColleagueView>> ColleaguesAsync(string chatId, string purpose) =>
        GetAsync<List<ColleagueView>>($"api/v1/chats/{Esc(chatId)}/colleagues?purpose={purpose}");

    public Task<List<CannedView>> SuggestAsync(string q, string? departmentId, CancellationToken cancellationToken) =>
        GetAsync<List<CannedView>>($"api/v1/canned-messages/suggest?q={Esc(q)}{(departmentId is null ? "" : $"&departmentId={Esc(departmentId)}")}", cancellationToken);

    public Task<PresenceView> PresenceAsync(string chatId) => GetAsync<PresenceView>($"api/v1/chats/{Esc(chatId)}/presence");

    public Task PickUpAsync(string chatId) => PostAsync($"api/v1/chats/{Esc(chatId)}/pickup");

    public Task DeclineOfferAsync(string chatId) => PostAsync($"api/v1/chats/{Esc(chatId)}/offer/decline");

    public Task<MessageView> ReplyAsync(string chatId, string text) => SendAsync<MessageView>(HttpMethod.Post, $"api/v1/chats/{Esc(chatId)}/messages", new ReplyRequest(text));

    public Task<MessageView> NoteAsync(string chatId, string text) => SendAsync<MessageView>(HttpMethod.Post, $"api/v1/chats/{Esc(chatId)}/notes", new NoteRequest(text));

    public Task RetryMessageAsync(string chatId, string messageId) => PostAsync($"api/v1/chats/{Esc(chatId)}/messages/{Esc(messageId)}/retry");

    public async Task<MessageView> SendFileAsync(string chatId, string name, string contentType, byte[] bytes, string? text)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", name);
        if (!string.IsNullOrWhiteSpace(text))
        {
            form.Add(new StringContent(text), "text");
        }

        using var request = Request(HttpMethod.Post, $"api/v1/chats/{Esc(chatId)}/attachments");
        request.Content = form;
        using var response = await SendRawAsync(request, CancellationToken.None);
        return await ReadAsync<MessageView>(response, CancellationToken.None);
    }

    public Task TypingAsync(string chatId) => PostAsync($"api/v1/chats/{Esc(chatId)}/typing");

    public Task PresenceAsync(string chatId, bool typing) => PostAsync($"api/v1/chats/{Esc(chatId)}/presence", new PresenceRequest(typing));

    public async Task LeavePresenceAsync(string chatId)
    {
        using var request = Request(HttpMethod.Delete, $"api/v1/chats/{Esc(chatId)}/presence");
        using var response = await SendRawAsync(request, CancellationToken.None);
    }

    public Task ReadAsync(string chatId, string messageId) => PostAsync($"api/v1/chats/{Esc(chatId)}/read", new ReadRequest(messageId));

    public Task EndAsync(string chatId, int afterSeconds) => PostAsync($"api/v1/chats/{Esc(chatId)}/end", new EndRequest(afterSeconds));

    public Task TransferAsync(string chatId, TransferRequest request) => PostAsync($"api/v1/chats/{Esc(chatId)}/transfer", request);

    public Task AnswerTransferAsync(string chatId, bool accept) => PostAsync($"api/v1/chats/{Esc(chatId)}/transfer/{(accept ? "accept" : "decline")}");

    public Task InviteAsync(string chatId, InviteRequest request) => PostAsync($"api/v1/chats/{Esc(chatId)}/invite", request);

    public Task AnswerInviteAsync(string chatId, bool accept) => PostAsync($"api/v1/chats/{Esc(chatId)}/invite/{(accept ? "accept" : "decline")}");

    public Task LeaveAsync(string chatId) => PostAsync($"api/v1/chats/{Esc(chatId)}/leave");

    public Task JoinAsync(string chatId) => PostAsync($"api/v1/chats/{Esc(chatId)}/join");

    public Task ReassignAsync(string chatId, ReassignRequest request) => PostAsync($"api/v1/chats/{Esc(chatId)}/reassign", request);

    public Task HandBackAsync(string chatId) => PostAsync($"api/v1/chats/{Esc(chatId)}/handback", new HandBackRequest(null));

    public Task TagAsync(string chatId, IReadOnlyList<string> tags) => SendAsync<JsonElement>(HttpMethod.Put, $"api/v1/chats/{Esc(chatId)}/tags", new TagsRequest(tags));

    public Task<SummaryView> SummarizeAsync(string chatId) => SendAsync<SummaryView>(HttpMethod.Post, $"api/v1/chats/{Esc(chatId)}/summary", new SummarizeRequest(null));

    /// <summary>A protected file (a customer's WhatsApp photo, an operator's upload) as bytes, for the screen to show.</summary>
    public async Task<(byte[] Bytes, string ContentType)> DownloadAsync(string url, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, url.TrimStart('/'));
        using var response = await SendRawAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ApiProblem.FromAsync(response, cancellationToken);
        }

        return (await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream");
    }

    /// <summary>The event stream's request: the caller reads the body as it arrives.</summary>
    public HttpRequestMessage EventStreamRequest(long? lastEventId)
    {
        var request = Request(HttpMethod.Get, "api/v1/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new ApiProblem(0, $"The gateway cannot be reached ({exception.Message}).");
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            session.MarkExpired();
            throw new ApiProblem(HttpStatusCode.Unauthorized, "Your sign-in has expired; sign in again to go on.");
        }

        return response;
    }

    internal async Task<T> GetAsync<T>(string url, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, url);
        using var response = await SendRawAsync(request, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    internal async Task<T> SendAsync<T>(HttpMethod method, string url, object body)
    {
        using var request = Request(method, url);
        request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        using var response = await SendRawAsync(request, CancellationToken.None);
        return await ReadAsync<T>(response, CancellationToken.None);
    }

    internal async Task PostAsync(string url, object? body = null)
    {
        using var request = Request(HttpMethod.Post, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await SendRawAsync(request, CancellationToken.None);
        if (!response.IsSuccessStatusCode)
        {
            throw await ApiProblem.FromAsync(response, CancellationToken.None);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        if (session.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ApiProblem.FromAsync(response, cancellationToken);
        }

        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    internal static string Esc(string value) => Uri.EscapeDataString(value);
}
