using LiveChat.Channels.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task EnabledChannelWithoutItsSecretsStopsTheHostNamingTheSettings()
    {
        var settings = new Dictionary<string, string?> { ["Channels:WhatsApp:VerifyToken"] = "wa-verify" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => MetaHost.StartAsync(settings));

        Assert.Contains("Channels:WhatsApp:AppSecret is required when the WhatsApp channel is enabled", error.Failures);
        Assert.Contains("Channels:WhatsApp:AccessToken is required when the WhatsApp channel is enabled", error.Failures);
        Assert.Contains("Channels:WhatsApp:PhoneNumberId is required when the WhatsApp channel is enabled", error.Failures);
    }

    [Fact]
    public async Task MessengerNamesItsOwnSettings()
    {
        var settings = MetaHost.AllChannels(tweak: s =>
        {
            s.Remove("Channels:Messenger:PageId");
            s["Channels:Messenger:GraphBaseUrl"] = "not a url";
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => MetaHost.StartAsync(settings));

        Assert.Equal(
            ["Channels:Messenger:PageId is required when the Messenger channel is enabled", "Channels:Messenger:GraphBaseUrl must be an absolute http(s) URL"],
            error.Failures);
    }

    [Fact]
    public async Task OnlyEnabledChannelsGetASender()
    {
        var settings = MetaHost.AllChannels(tweak: s =>
        {
            foreach (var key in s.Keys.Where(k => k.StartsWith("Channels:Messenger", StringComparison.Ordinal)).ToList())
            {
                s.Remove(key);
            }
        });
        await using var host = await MetaHost.StartAsync(settings);

        var channels = host.Services.GetServices<IChannelSender>().Select(s => s.Channel).Order(StringComparer.Ordinal);

        Assert.Equal(["instagram", "whatsapp"], channels);
    }

    [Fact]
    public async Task NoMetaSettingsStartsWithNoSenders()
    {
        await using var host = await MetaHost.StartAsync([]);

        Assert.Empty(host.Services.GetServices<IChannelSender>());
    }
}

public sealed class LateConfigurationTests
{
    [Fact]
    public async Task ChannelConfiguredAfterRegistrationStopsTheHostInsteadOfMissingASender()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton<IChannelInbox>(new Support.RecordingInbox());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMetaChannels(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(
            builder.Configuration, Support.MetaHost.AllChannels());
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<AggregateException>(() => app.StartAsync());

        var failures = error.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        Assert.Contains(
            "Channels:WhatsApp is configured, but it was not when AddMetaChannels ran; add the configuration before calling AddMetaChannels",
            failures);
        Assert.Contains(
            "Channels:Instagram is configured, but it was not when AddMetaChannels ran; add the configuration before calling AddMetaChannels",
            failures);
    }
}
