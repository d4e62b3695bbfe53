namespace LiveChat.Gateway.Tests.Tickets;

/// <summary>A gateway sending tickets to a fake Zendesk, on a clock the tests move.</summary>
public class ZendeskTicketsFixture : GatewayFixture
{
    public const string PublicBaseUrl = "https://chat.example.test";

    public FakeZendesk Zendesk { get; private set; } = null!;

    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider? Time => Clock;

    protected override IDictionary<string, string?> Settings => ZendeskSettings(Zendesk);

    public static Dictionary<string, string?> ZendeskSettings(FakeZendesk zendesk) => new()
    {
        ["Tickets:Provider"] = "Zendesk",
        ["Tickets:Zendesk:BaseUrl"] = zendesk.BaseUrl,
        ["Tickets:Zendesk:Email"] = "bot@example.test",
        ["Tickets:Zendesk:ApiToken"] = "zendesk-test-token",
        ["Tickets:MaxAttempts"] = "3",
        ["Tickets:AttemptTimeoutSeconds"] = "5",
        ["Tickets:LeaseSeconds"] = "60",
        ["Tickets:PollSeconds"] = "0.1",
        ["Hosting:PublicBaseUrl"] = PublicBaseUrl,
    };

    public override async Task InitializeAsync()
    {
        Zendesk = await FakeZendesk.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Zendesk.DisposeAsync();
    }
}

/// <summary>The same on the embedded SQLite default.</summary>
public sealed class SqliteZendeskTicketsFixture : ZendeskTicketsFixture
{
    public override DatabaseKind Kind => DatabaseKind.Sqlite;
}
