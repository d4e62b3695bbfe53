using System.Text.Json;

namespace LiveChat.OperatorConsole.State;

/// <summary>
/// Who is signed in: the bearer token and the operator. Kept in this tab's sessionStorage, so a reload stays signed in
/// and no cookie is ever used (the console works inside a helpdesk's iframe). When the token is refused or runs out,
/// <see cref="Expired"/> is set and the screen asks for the password again; tabs, drafts and lists stay as they are.
/// </summary>
public sealed class Session(Browser browser)
{
    private const string StorageKey = "livechat.session";

    public string? Token { get; private set; }

    public OperatorView? Operator { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public bool Expired { get; private set; }

    public bool SignedIn => Token is not null;

    public bool IsSupervisor => Operator?.Role is "supervisor" or "admin";

    public event Action? Changed;

    /// <summary>Someone else signed in on this tab after an expiry: what the last operator had open is not theirs.</summary>
    public event Action? OperatorSwitched;

    private bool _restored;

    /// <summary>
    /// Reads this tab's saved sign-in, once per page load and synchronously, so the first screen is drawn knowing
    /// whether someone is signed in (no sign-in page that first draws the workspace, nor the reverse).
    /// </summary>
    public void Restore()
    {
        if (_restored)
        {
            return;
        }

        _restored = true;
        if (Token is not null || browser.Get(StorageKey, session: true) is not { } stored)
        {
            return;
        }

        try
        {
            var saved = JsonSerializer.Deserialize<Saved>(stored, Api.ConsoleApi.Json);
            if (saved is not null && saved.ExpiresAt > DateTimeOffset.UtcNow)
            {
                (Token, Operator, ExpiresAt) = (saved.Token, saved.Operator, saved.ExpiresAt);
            }
        }
        catch (JsonException)
        {
            browser.Set(StorageKey, null, session: true);
        }
    }

    /// <param name="remember">False for the embed page: its token lives in memory only, not even in sessionStorage.</param>
    public async Task SignInAsync(SignInResponse response, bool remember = true)
    {
        var sameOperator = Operator is null || Operator.Id == response.Operator.Id;
        Token = response.AccessToken;
        Operator = response.Operator;
        ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(response.ExpiresIn);
        Expired = false;
        if (!sameOperator)
        {
            OperatorSwitched?.Invoke();
        }
        if (remember)
        {
            await browser.SetAsync(StorageKey, JsonSerializer.Serialize(new Saved(Token, Operator, ExpiresAt), Api.ConsoleApi.Json), session: true);
        }

        Changed?.Invoke();
    }

    public void Update(OperatorView me)
    {
        Operator = me;
        Changed?.Invoke();
    }

    public void MarkExpired()
    {
        if (!Expired && Token is not null)
        {
            Expired = true;
            Changed?.Invoke();
        }
    }

    public async Task SignOutAsync()
    {
        Token = null;
        Operator = null;
        Expired = false;
        await browser.SetAsync(StorageKey, null, session: true);
        Changed?.Invoke();
    }

    private sealed record Saved(string Token, OperatorView Operator, DateTimeOffset ExpiresAt);
}
