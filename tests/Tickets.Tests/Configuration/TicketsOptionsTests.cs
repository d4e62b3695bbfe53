using LiveChat.Tickets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiveChat.Tickets.Tests.Configuration;

public sealed class TicketsOptionsTests
{
    [Theory]
    [InlineData("ZohoDesk", "Tickets:ZohoDesk:RefreshToken is required when Tickets:Provider is ZohoDesk.")]
    [InlineData("ZohoDesk", "Tickets:ZohoDesk:OrgId is required when Tickets:Provider is ZohoDesk.")]
    [InlineData("Zendesk", "Tickets:Zendesk:ApiToken is required when Tickets:Provider is Zendesk.")]
    [InlineData("Zendesk", "Tickets:Zendesk:BaseUrl is required when Tickets:Provider is Zendesk.")]
    [InlineData("Freshdesk", "Tickets:Freshdesk:ApiKey is required when Tickets:Provider is Freshdesk.")]
    [InlineData("webhook", "Tickets:Webhook:Secret is required when Tickets:Provider is Webhook.")]
    public void MissingSettingOfTheSelectedProviderIsNamed(string provider, string expected)
    {
        using var services = SinkHost.Build(new Dictionary<string, string?> { ["Tickets:Provider"] = provider });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TicketsOptions>>().Value);
        Assert.Contains(expected, error.Failures);
    }

    [Fact]
    public void ZohoUrlsDefaultToTheRealService()
    {
        var options = new TicketsOptions();
        Assert.Equal("https://desk.zoho.com", options.ZohoDesk.BaseUrl);
        Assert.Equal("https://accounts.zoho.com", options.ZohoDesk.AccountsUrl);
        Assert.Equal(12, options.MaxAttempts);
    }

    [Fact]
    public void UnknownProviderAndBadUrlAreNamed()
    {
        Assert.Contains(
            "Tickets:Provider must be one of ZohoDesk, Zendesk, Freshdesk, Webhook, or empty for no helpdesk (got 'Jira').",
            TicketsOptionsValidator.Errors(new TicketsOptions { Provider = "Jira" }));
        Assert.Contains(
            "Tickets:Webhook:Url must be an absolute http(s) URL (got 'ftp://x').",
            TicketsOptionsValidator.Errors(new TicketsOptions { Provider = "Webhook", Webhook = new() { Url = "ftp://x", Secret = "s" } }));
    }

    [Fact]
    public void WithoutProviderNoSinkIsRegistered()
    {
        using var services = SinkHost.Build(new Dictionary<string, string?>());

        Assert.Null(services.GetService<ITicketSink>());
        Assert.False(services.GetRequiredService<IOptions<TicketsOptions>>().Value.Enabled);
    }

    [Fact]
    public void SelectedProviderRegistersExactlyOneSink()
    {
        using var services = SinkHost.Build(SinkHost.Webhook("https://hooks.example/tickets"));

        var sink = Assert.Single(services.GetServices<ITicketSink>());
        Assert.Equal("Webhook", sink.Provider);
    }

    [Fact]
    public async Task HostDoesNotStartWhenTheSelectedProviderLacksASecret()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tickets:Provider"] = "Zendesk",
            ["Tickets:Zendesk:BaseUrl"] = "https://acme.zendesk.com",
            ["Tickets:Zendesk:Email"] = "bot@acme.example",
        });
        builder.AddTickets();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Tickets:Zendesk:ApiToken is required when Tickets:Provider is Zendesk.", error.Message, StringComparison.Ordinal);
    }
}
