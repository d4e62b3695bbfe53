using System.Text.Json;
using LiveChat.OperatorConsole.Api;

namespace LiveChat.OperatorConsole.State;

/// <summary>
/// The console's one client-side store: chats, transcripts, open tabs, drafts, unread counts, who is typing, offers and
/// requests. Filled from the REST API once, then kept current by the event stream; components read it and re-render on
/// <see cref="Changed"/>, a transcript on <see cref="ThreadChanged"/> too. Open tabs and drafts are kept in localStorage per operator, so a reload or a new sign-in
/// after the token ran out loses neither.
/// </summary>
public sealed partial class ConsoleStore(ConsoleApi api, EventStreamReader stream, Session session, Browser browser)
{
    private readonly Dictionary<string, ChatView> _chats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChatThread> _threads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _drafts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _unread = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _visitorTyping = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PresenceView> _presence = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _offers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ringing = new(StringComparer.Ordinal);
    private CancellationTokenSource? _running;

    public event Action? Changed;

    /// <summary>Only this chat's transcript changed (a message came, a delivery state moved): nothing else needs drawing.</summary>
    public event Action<string>? ThreadChanged;

    /// <summary>Something the operator should read now (a refused action, a lost connection).</summary>
    public event Action<string, bool>? Notice;

    public bool Started => _running is not null;

    public string MeId => session.Operator?.Id ?? string.Empty;

    public IReadOnlyCollection<ChatView> Chats => _chats.Values;

    public List<string> OpenTabs { get; } = [];

    public string? ActiveChatId { get; private set; }

    public ChatFilter Filter { get; private set; } = new();

    public ChatListKind List { get; private set; } = ChatListKind.Queued;

    public IReadOnlyList<DepartmentView> Departments { get; private set; } = [];

    public OperatorPreferences Preferences { get; private set; } = new();

    public IReadOnlyList<ChatRequestView> Requests { get; private set; } = [];

    public bool SoundUnlocked { get; private set; }

    public bool StreamConnected => stream.Connected;

    public ChatView? Chat(string id) => _chats.GetValueOrDefault(id);

    public ChatThread? Thread(string id) => _threads.GetValueOrDefault(id);

    public string Draft(string chatId) => _drafts.GetValueOrDefault(chatId, string.Empty);

    public int Unread(string chatId) => _unread.GetValueOrDefault(chatId);

    public bool VisitorTyping(string chatId) => _visitorTyping.TryGetValue(chatId, out var until) && until > DateTimeOffset.UtcNow;

    public IEnumerable<ViewerView> Viewers(string chatId) =>
        _presence.TryGetValue(chatId, out var p) ? p.Viewers.Where(v => v.OperatorId != MeId && v.Until > DateTimeOffset.UtcNow) : [];

    public DateTimeOffset? OfferExpiresAt(string chatId) => _offers.TryGetValue(chatId, out var at) ? at : null;

    /// <summary>Queued chats that rang for me and nobody has taken yet, oldest first.</summary>
    public IReadOnlyList<ChatView> Alerts =>
        [.. _ringing.Select(Chat).OfType<ChatView>().Where(c => c.State == "queued").OrderBy(c => c.QueuedAt ?? c.StartedAt)];

    public IReadOnlyList<ChatView> Offers => [.. _offers.Keys.Select(Chat).OfType<ChatView>().Where(c => c.State == "queued")];

    public int QueuedCount => _chats.Values.Count(c => c.State == "queued");

    public IEnumerable<ChatView> ListChats(ChatListKind kind) => ChatLists.Select(_chats.Values, kind, MeId, Filter);

    public string DepartmentName(string? id) => Departments.FirstOrDefault(d => d.Id == id)?.Name ?? "—";

    /// <summary>Loads everything the screen shows and starts following the event stream.</summary>
    public async Task StartAsync()
    {
        if (_running is not null)
        {
            return;
        }

        _running = new CancellationTokenSource();
        session.OperatorSwitched += Reset;
        stream.ConnectionChanged += OnConnectionChanged;
        await RestoreLocalAsync();
        await LoadAsync();
        _ = stream.RunAsync(OnEventAsync, OnConnectedAsync, _running.Token);
        _ = TickAsync(_running.Token);
    }

    public async Task StopAsync()
    {
        if (_running is { } running)
        {
            _running = null;
            await running.CancelAsync();
            running.Dispose();
        }

        session.OperatorSwitched -= Reset;
        stream.ConnectionChanged -= OnConnectionChanged;
        Reset();
    }

    /// <summary>After a new sign-in: what was refused meanwhile is loaded again, and the stream (stopped on the 401) goes on from where it was.</summary>
    public async Task ResumeAsync()
    {
        if (_running is not { } running)
        {
            return;
        }

        await LoadAsync();
        if (!stream.Connected)
        {
            _ = stream.RunAsync(OnEventAsync, OnConnectedAsync, running.Token);
        }
    }

    public void ShowList(ChatListKind kind)
    {
        List = kind;
        Changed?.Invoke();
    }

    public void SetFilter(ChatFilter filter)
    {
        Filter = filter;
        Changed?.Invoke();
    }

    public async Task OpenAsync(string chatId)
    {
        if (!OpenTabs.Contains(chatId))
        {
            OpenTabs.Add(chatId);
        }

        ActiveChatId = chatId;
        Changed?.Invoke();
        await SaveTabsAsync();
        if (!_chats.ContainsKey(chatId))
        {
            await RefreshChatAsync(chatId);
        }

        await LoadThreadAsync(chatId);
        await MarkReadAsync(chatId);
    }

    public async Task CloseAsync(string chatId)
    {
        var at = OpenTabs.IndexOf(chatId);
        if (at < 0)
        {
            return;
        }

        OpenTabs.RemoveAt(at);
        try
        {
            await api.LeavePresenceAsync(chatId);
        }
        catch (ApiProblem)
        {
            // Presence lapses by itself after its heartbeat.
        }

        if (ActiveChatId == chatId)
        {
            ActiveChatId = OpenTabs.Count == 0 ? null : OpenTabs[Math.Min(at, OpenTabs.Count - 1)];
        }

        Changed?.Invoke();
        await SaveTabsAsync();
    }

    /// <summary>Moves to the next (or previous) open tab; with none open, opens the first chat of the list shown.</summary>
    public async Task CycleAsync(int step)
    {
        if (OpenTabs.Count == 0)
        {
            if (ListChats(List).FirstOrDefault() is { } first)
            {
                await OpenAsync(first.Id);
            }

            return;
        }

        var at = ActiveChatId is null ? -1 : OpenTabs.IndexOf(ActiveChatId);
        var next = ((at + step) % OpenTabs.Count + OpenTabs.Count) % OpenTabs.Count;
        await OpenAsync(OpenTabs[next]);
    }

    public async Task SetDraftAsync(string chatId, string text)
    {
        if (text.Length == 0)
        {
            _drafts.Remove(chatId);
        }
        else
        {
            _drafts[chatId] = text;
        }

        await browser.SetAsync(Key("drafts"), JsonSerializer.Serialize(_drafts, ConsoleApi.Json));
    }

    public async Task UnlockSoundAsync()
    {
        SoundUnlocked = await browser.EnableSoundAsync() == "on";
        await browser.NotificationPermissionAsync(ask: true);
        if (!Preferences.Sound)
        {
            await SavePreferencesAsync(Preferences with { Sound = true });
        }

        Changed?.Invoke();
    }

    public async Task SavePreferencesAsync(OperatorPreferences preferences)
    {
        Preferences = preferences;
        Changed?.Invoke();
        Preferences = await Try(() => api.SavePreferencesAsync(preferences)) ?? preferences;
    }

    /// <summary>Tells the operator what is wrong before anything was sent (a missing choice, a file too large).</summary>
    public void Warn(string text) => Notice?.Invoke(text, true);

    /// <summary>Runs an action; a refusal is shown to the operator in the gateway's own words. True when it went through.</summary>
    public async Task<bool> RunAsync(Func<Task> action, string? done = null)
    {
        try
        {
            await action();
            if (done is not null)
            {
                Notice?.Invoke(done, false);
            }

            return true;
        }
        catch (ApiProblem problem)
        {
            Notice?.Invoke(problem.Message, true);
            return false;
        }
    }

    private async Task<T?> Try<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (ApiProblem problem)
        {
            Notice?.Invoke(problem.Message, true);
            return null;
        }
    }

    private void OnConnectionChanged() => Changed?.Invoke();

    private string Key(string what) => $"livechat.{MeId}.{what}";

    private async Task RestoreLocalAsync()
    {
        try
        {
            if (await browser.GetAsync(Key("tabs")) is { } tabs && JsonSerializer.Deserialize<SavedTabs>(tabs, ConsoleApi.Json) is { } saved)
            {
                OpenTabs.AddRange(saved.Open.Distinct(StringComparer.Ordinal));
                ActiveChatId = saved.Active is not null && OpenTabs.Contains(saved.Active) ? saved.Active : OpenTabs.FirstOrDefault();
            }

            if (await browser.GetAsync(Key("drafts")) is { } drafts && JsonSerializer.Deserialize<Dictionary<string, string>>(drafts, ConsoleApi.Json) is { } d)
            {
                foreach (var (chat, text) in d)
                {
                    _drafts[chat] = text;
                }
            }
        }
        catch (JsonException)
        {
            // A damaged local copy only costs the tabs; the chats themselves are on the server.
        }
    }

    private Task SaveTabsAsync() =>
        browser.SetAsync(Key("tabs"), JsonSerializer.Serialize(new SavedTabs(OpenTabs, ActiveChatId), ConsoleApi.Json)).AsTask();

    private void Reset()
    {
        _chats.Clear();
        _threads.Clear();
        _drafts.Clear();
        _unread.Clear();
        _ringing.Clear();
        _offers.Clear();
        OpenTabs.Clear();
        ActiveChatId = null;
        Changed?.Invoke();
    }

    private sealed record SavedTabs(List<string> Open, string? Active);
}
