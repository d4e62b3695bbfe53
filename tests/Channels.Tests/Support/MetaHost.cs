using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiveChat.Channels.Tests.Support;

/// <summary>A real Kestrel host on 127.0.0.1 with AddMetaChannels + MapMetaWebhooks, a recording inbox and a manual clock.</summary>
internal sealed class MetaHost : IAsyncDisposable
{
    public const string WhatsAppSecret = "wa-app-secret";
    public const string WhatsAppToken = "wa-access-token";
    public const string PhoneNumberId = "106540352242922";
    public const string MessengerSecret = "ms-app-secret";
    public const string PageToken = "ms-page-token";
    public const string PageId = "1122334455";
    public const string InstagramSecret = "ig-app-secret";
    public const string InstagramToken = "ig-access-token";
    public const string AccountId = "17841400000000001";

    private readonly WebApplication _app;

    private MetaHost(WebApplication app, RecordingInbox inbox, ManualClock clock)
    {
        _app = app;
        Inbox = inbox;
        Clock = clock;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/") };
    }

    public RecordingInbox Inbox { get; }
    public ManualClock Clock { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    public static Dictionary<string, string?> AllChannels(Uri? graph = null, Action<Dictionary<string, string?>>? tweak = null)
    {
        var graphUrl = (graph ?? new Uri("http://127.0.0.1:9/")).ToString();
        var settings = new Dictionary<string, string?>
        {
            ["Channels:WhatsApp:AppSecret"] = WhatsAppSecret,
            ["Channels:WhatsApp:VerifyToken"] = "wa-verify",
            ["Channels:WhatsApp:AccessToken"] = WhatsAppToken,
            ["Channels:WhatsApp:PhoneNumberId"] = PhoneNumberId,
            ["Channels:WhatsApp:GraphBaseUrl"] = graphUrl,
            ["Channels:Messenger:AppSecret"] = MessengerSecret,
            ["Channels:Messenger:VerifyToken"] = "ms-verify",
            ["Channels:Messenger:PageAccessToken"] = PageToken,
            ["Channels:Messenger:PageId"] = PageId,
            ["Channels:Messenger:GraphBaseUrl"] = graphUrl,
            ["Channels:Instagram:AppSecret"] = InstagramSecret,
            ["Channels:Instagram:VerifyToken"] = "ig-verify",
            ["Channels:Instagram:AccessToken"] = InstagramToken,
            ["Channels:Instagram:AccountId"] = AccountId,
            ["Channels:Instagram:GraphBaseUrl"] = graphUrl,
        };
        tweak?.Invoke(settings);
        return settings;
    }

    public static async Task<MetaHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? AllChannels());
        var inbox = new RecordingInbox();
        var clock = new ManualClock(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<IChannelInbox>(inbox);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddProblemDetails();
        builder.AddMetaChannels();
        var app = builder.Build();
        app.MapMetaWebhooks();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new MetaHost(app, inbox, clock);
    }

    public IChannelSender Sender(string channel) => Services.GetServices<IChannelSender>().Single(s => s.Channel == channel);

    public Task<HttpResponseMessage> PostSignedAsync(string channel, string body, string? secret = null) =>
        PostSignedAsync(channel, Encoding.UTF8.GetBytes(body), secret);

    public Task<HttpResponseMessage> PostSignedAsync(string channel, byte[] body, string? secret = null)
    {
        var key = secret ?? channel switch
        {
            "whatsapp" => WhatsAppSecret,
            "messenger" => MessengerSecret,
            _ => InstagramSecret,
        };
        return PostAsync(channel, body, MetaSignature.Compute(key, body));
    }

    public Task<HttpResponseMessage> PostAsync(string channel, byte[] body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"webhooks/{channel}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(MetaSignature.HeaderName, signature);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
