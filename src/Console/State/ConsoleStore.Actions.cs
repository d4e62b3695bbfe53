using LiveChat.OperatorConsole.Api;

namespace LiveChat.OperatorConsole.State;

/// <summary>What the operator does; each action goes through the public API and the event stream brings the result back.</summary>
public sealed partial class ConsoleStore
{
    private readonly SemaphoreSlim _tagging = new(1, 1);
    private DateTimeOffset _lastTypingSent;

    public async Task<bool> PickUpAsync(string chatId)
    {
        var taken = await RunAsync(() => api.PickUpAsync(chatId));
        await RefreshChatAsync(chatId);
        if (taken)
        {
            _ringing.Remove(chatId);
            _offers.Remove(chatId);
            await browser.CloseNotificationAsync(chatId);
            await OpenAsync(chatId);
        }
        else if (Chat(chatId) is { } chat && ChatLists.Owner(chat) is { } owner)
        {
            Notice?.Invoke($"{owner.Name} already took this chat.", true);
        }

        return taken;
    }

    /// <summary>Picks up the chat that has waited longest (the keyboard's pick-up).</summary>
    public async Task PickUpNextAsync()
    {
        if (ListChats(ChatListKind.Queued).FirstOrDefault() is { } next)
        {
            await PickUpAsync(next.Id);
        }
    }

    public async Task DeclineOfferAsync(string chatId)
    {
        if (await RunAsync(() => api.DeclineOfferAsync(chatId)))
        {
            _offers.Remove(chatId);
            Changed?.Invoke();
        }
    }

    public Task<bool> SendAsync(string chatId, string text, bool note) =>
        SendAndShowAsync(chatId, () => note ? api.NoteAsync(chatId, text) : api.ReplyAsync(chatId, text));

    public Task<bool> SendFileAsync(string chatId, string name, string contentType, byte[] bytes, string? text) =>
        SendAndShowAsync(chatId, () => api.SendFileAsync(chatId, name, contentType, bytes, text));

    /// <summary>Sends, and shows what was sent at once (its chat.message event may come a moment later).</summary>
    private async Task<bool> SendAndShowAsync(string chatId, Func<Task<MessageView>> send)
    {
        MessageView? sent = null;
        var ok = await RunAsync(async () => sent = await send());
        if (sent is not null && _threads.TryGetValue(chatId, out var thread))
        {
            thread.Merge([sent]);
            ThreadChanged?.Invoke(chatId);
        }

        return ok;
    }

    public Task RetryAsync(string chatId, string messageId) => RunAsync(() => api.RetryMessageAsync(chatId, messageId), "Sending again.");

    /// <summary>
    /// Called as the operator types: colleagues in the chat see "typing" (at most one signal every 3 s), and so does the
    /// customer unless it is a private note.
    /// </summary>
    public async Task TypingAsync(string chatId, bool toCustomer)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _lastTypingSent < TimeSpan.FromSeconds(3) || Chat(chatId) is not { } chat)
        {
            return;
        }

        _lastTypingSent = now;
        if (toCustomer && ChatLists.IsMine(chat, MeId))
        {
            await RunAsync(() => api.TypingAsync(chatId));
        }

        await SendPresenceAsync(chatId, typing: true);
    }

    public async Task SendPresenceAsync(string chatId, bool typing)
    {
        try
        {
            await api.PresenceAsync(chatId, typing);
        }
        catch (ApiProblem)
        {
            // Presence is a courtesy to colleagues; a refusal here is not worth interrupting the operator for.
        }
    }

    public Task EndAsync(string chatId, int afterSeconds) =>
        RunAsync(() => api.EndAsync(chatId, afterSeconds), afterSeconds == 0 ? "Chat ended." : $"The chat ends after {afterSeconds} s of silence.");

    public Task TransferAsync(string chatId, TransferRequest request) => RunAsync(() => api.TransferAsync(chatId, request), "Transfer requested; the chat stays with you until it is accepted.");

    public Task InviteAsync(string chatId, InviteRequest request) => RunAsync(() => api.InviteAsync(chatId, request), "Invitation sent.");

    public Task ReassignAsync(string chatId, ReassignRequest request) => RunAsync(() => api.ReassignAsync(chatId, request), "Chat reassigned.");

    public Task HandBackAsync(string chatId) => RunAsync(() => api.HandBackAsync(chatId), "Handed back to the bot.");

    public Task LeaveAsync(string chatId) => RunAsync(() => api.LeaveAsync(chatId), "You left the chat.");

    /// <summary>A supervisor or admin joins the chat beside its operator; the composer opens once the chat says so.</summary>
    public async Task JoinAsync(string chatId)
    {
        if (await RunAsync(() => api.JoinAsync(chatId), "You joined the chat."))
        {
            await RefreshChatAsync(chatId);
        }
    }

    public async Task AnswerAsync(ChatRequestView request, bool accept)
    {
        var ok = await RunAsync(() => request.Kind == "transfer" ? api.AnswerTransferAsync(request.ChatId, accept) : api.AnswerInviteAsync(request.ChatId, accept));
        Requests = await Try(api.RequestsAsync) ?? Requests;
        await RefreshChatAsync(request.ChatId);
        if (ok && accept)
        {
            await OpenAsync(request.ChatId);
        }
    }

    /// <summary>
    /// Adds or removes one tag. The API replaces the whole set, so changes go one after another, each from the set the
    /// last one left: tags typed in quick succession never undo each other.
    /// </summary>
    public async Task ChangeTagAsync(string chatId, string tag, bool add)
    {
        await _tagging.WaitAsync();
        try
        {
            if (Chat(chatId) is not { } chat || chat.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase) == add)
            {
                return;
            }

            // In the order the gateway lists them, so the tags do not move under the pointer when its answer comes back.
            IReadOnlyList<string> tags = add
                ? [.. chat.Tags.Append(tag).Order(StringComparer.OrdinalIgnoreCase)]
                : [.. chat.Tags.Where(t => !string.Equals(t, tag, StringComparison.OrdinalIgnoreCase))];
            if (await RunAsync(() => api.TagAsync(chatId, tags)))
            {
                _chats[chatId] = (Chat(chatId) ?? chat) with { Tags = tags };
                Changed?.Invoke();
                await RefreshChatAsync(chatId);
            }
        }
        finally
        {
            _tagging.Release();
        }
    }

    public async Task SummarizeAsync(string chatId)
    {
        if (await RunAsync(() => api.SummarizeAsync(chatId)))
        {
            await RefreshChatAsync(chatId);
        }
    }

    public async Task SetStatusAsync(string status, bool ringer)
    {
        OperatorView? me = null;
        var done = status == "online" ? ringer ? "You are online: new chats will ring." : "You are online, with the ringer off." : "You are offline: no new chats will come to you.";
        if (await RunAsync(async () => me = await api.SetStatusAsync(new StatusRequest(status, ringer)), done) && me is not null)
        {
            session.Update(me);
        }
    }

    public Task<List<ColleagueView>?> ColleaguesAsync(string chatId, string purpose) => Try(() => api.ColleaguesAsync(chatId, purpose));

    public Task<VisitorDetails?> VisitorAsync(string visitorId) => Try(() => api.VisitorAsync(visitorId));

    /// <summary>
    /// The helpdesk's own tickets of the visitor; a failed call reads as an unavailable helpdesk, never a notice. A visitor
    /// this operator may not read (or one gone) shows no helpdesk part at all, as the visitor's own details do not show.
    /// </summary>
    public async Task<HelpdeskTicketsView> HelpdeskTicketsAsync(string visitorId)
    {
        try
        {
            return await api.HelpdeskTicketsAsync(visitorId);
        }
        catch (ApiProblem problem) when (problem.Status is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound)
        {
            return new HelpdeskTicketsView(null, null, []);
        }
        catch (ApiProblem problem)
        {
            return new HelpdeskTicketsView(null, problem.Message, []);
        }
    }

    public Task<List<ChatSearchHit>?> SearchAsync(string q) => Try(() => api.SearchAsync(q));

    public async Task<List<CannedView>> SuggestAsync(string q, string? departmentId, CancellationToken cancellationToken)
    {
        try
        {
            return await api.SuggestAsync(q, departmentId, cancellationToken);
        }
        catch (Exception exception) when (exception is ApiProblem or OperationCanceledException)
        {
            // Refused, or the operator typed on and a newer query replaced this one.
            return [];
        }
    }

    /// <summary>A file that came inline (a base64 <c>data:</c> URI) as a blob: URL of <paramref name="contentType"/>; null when it is not one.</summary>
    public async Task<string?> InlineFileUrlAsync(string dataUri, string contentType)
    {
        var comma = dataUri.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0 || !dataUri.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return await browser.BlobUrlAsync(Convert.FromBase64String(dataUri[(comma + 1)..]), contentType);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A protected file as a blob: URL the page can show (an image tag cannot send the bearer token).</summary>
    public async Task<string?> FileUrlAsync(string url)
    {
        try
        {
            var (bytes, type) = await api.DownloadAsync(url);
            return await browser.BlobUrlAsync(bytes, type);
        }
        catch (ApiProblem)
        {
            return null;
        }
    }
}
