using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Routing;
using LiveChat.Gateway.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests.Reports;

/// <summary>
/// A gateway on a hand-moved clock that starts three days ago at 09:00 UTC, with chats made at known times:
/// day 0 09:00 answered after 40 s, first reply 20 s later, ended 5 min after pick-up; day 0 09:10 missed;
/// day 1 23:30 UTC (day 2 in Tokyo) answered by an agent after 200 s and still open.
/// </summary>
public class ReportsFixture : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public static readonly DateOnly Day0 = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(Day0.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));

    public string DepartmentId { get; private set; } = null!;

    public string OtherDepartmentId { get; private set; } = null!;

    public OperatorClient Supervisor { get; private set; } = null!;

    public OperatorClient Agent { get; private set; } = null!;

    public (string Id, string Email, string Password) SupervisorAccount { get; private set; }

    public (string Id, string Email, string Password) AgentAccount { get; private set; }

    public GatewayApp App { get; private set; } = null!;

    protected virtual DatabaseKind Kind => DatabaseKind.Postgres;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Routing:SweepIntervalMilliseconds"] = "60000",
            ["Auth:TokenLifetimeMinutes"] = "10080",
        };
        _database = await TestDatabase.CreateAsync(Kind);
        App = new GatewayApp(_database, settings, Clock);

        var admin = await App.AdminAsync();
        DepartmentId = await admin.DepartmentAsync("Reports");
        OtherDepartmentId = await admin.DepartmentAsync("Elsewhere");
        SupervisorAccount = await admin.OperatorAsync("supervisor", DepartmentId);
        AgentAccount = await admin.OperatorAsync("agent", DepartmentId);
        Supervisor = await OnlineAsync(SupervisorAccount);
        Agent = await OnlineAsync(AgentAccount);

        var answered = await QueueAsync("4915100000001");
        Clock.Advance(TimeSpan.FromSeconds(40));
        (await Supervisor.PostAsync($"/api/v1/chats/{answered}/pickup")).EnsureSuccessStatusCode();
        Clock.Advance(TimeSpan.FromSeconds(20));
        (await Supervisor.PostAsync($"/api/v1/chats/{answered}/messages", new { text = "Hello, let me look." })).EnsureSuccessStatusCode();
        Clock.Advance(TimeSpan.FromSeconds(280));
        (await Supervisor.PostAsync($"/api/v1/chats/{answered}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();

        Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(340));
        var missed = await QueueAsync("4915100000002");
        Clock.Advance(TimeSpan.FromSeconds(121));
        await App.Services.GetRequiredService<ChatSweeper>().SweepAsync(CancellationToken.None);
        if ((await Supervisor.ChatAsync(missed)).GetProperty("state").GetString() != "missed")
        {
            throw new InvalidOperationException("The second chat was not missed.");
        }

        Clock.Advance(new DateTimeOffset(Day0.AddDays(1).ToDateTime(new TimeOnly(23, 30)), TimeSpan.Zero) - Clock.GetUtcNow());
        var late = await QueueAsync("4915100000003");
        Clock.Advance(TimeSpan.FromSeconds(200));
        (await Agent.PostAsync($"/api/v1/chats/{late}/pickup")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<OperatorClient> OnlineAsync((string Id, string Email, string Password) account)
    {
        var client = await App.SignInAsync(account.Email, account.Password);
        (await client.Http.PutAsJsonAsync("/api/v1/operators/me/status", new { status = "online" })).EnsureSuccessStatusCode();
        return client;
    }

    private async Task<string> QueueAsync(string phone)
    {
        await App.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", phone, "Where is my order?", departmentId: DepartmentId)), CancellationToken.None);
        return await Supervisor.ChatIdAsync("whatsapp", phone);
    }
}

/// <summary>The same chats in the embedded SQLite database.</summary>
public sealed class SqliteReportsFixture : ReportsFixture
{
    protected override DatabaseKind Kind => DatabaseKind.Sqlite;
}
