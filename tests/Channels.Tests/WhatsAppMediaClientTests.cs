using LiveChat.Channels.Tests.Support;
using LiveChat.Channels.WhatsApp;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Channels.Tests;

public sealed class WhatsAppMediaClientTests
{
    [Fact]
    public async Task DownloadsMediaInTwoStepsWithTheBearerToken()
    {
        using var graph = ApiMock.Start();
        graph.On("GET /v23.0/1003383421387256", StubResponse.Json($$"""
            { "messaging_product": "whatsapp", "url": "{{graph.BaseUri}}whatsapp_business/attachments/?mid=1003383421387256&ext=1",
              "mime_type": "image/jpeg", "sha256": "SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=", "file_size": "11", "id": "1003383421387256" }
            """));
        graph.On("GET /whatsapp_business/attachments/", new StubResponse { Body = "jpeg-bytes!", ContentType = "image/jpeg" });
        await using var host = await MetaHost.StartAsync(MetaHost.AllChannels(graph.BaseUri));
        var client = host.Services.GetRequiredService<WhatsAppMediaClient>();

        await using var media = await client.DownloadAsync("1003383421387256", CancellationToken.None);

        Assert.NotNull(media);
        Assert.Equal("image/jpeg", media.ContentType);
        Assert.Equal(11, media.Length);
        using var reader = new StreamReader(media.Content);
        Assert.Equal("jpeg-bytes!", await reader.ReadToEndAsync());
        Assert.Equal(2, graph.Requests.Count);
        Assert.All(graph.Requests, r => Assert.Equal($"Bearer {MetaHost.WhatsAppToken}", r.Header("Authorization")));
        Assert.Equal("?mid=1003383421387256&ext=1", graph.RequestsTo("GET /whatsapp_business/attachments/").Single().Query);
    }

    [Fact]
    public async Task AMediaLookupThatFailsOnceIsRetriedInProcess()
    {
        // A GET does no work twice, so the shared policy retries it (a POST without an idempotency key it would not).
        using var graph = ApiMock.Start();
        graph.Enqueue("GET /v23.0/1003383421387256", StubResponse.WithStatus(HttpStatusCode.ServiceUnavailable));
        graph.On("GET /v23.0/1003383421387256", StubResponse.Json($$"""
            { "messaging_product": "whatsapp", "url": "{{graph.BaseUri}}whatsapp_business/attachments/?mid=1003383421387256&ext=1",
              "mime_type": "image/jpeg", "file_size": "11", "id": "1003383421387256" }
            """));
        graph.On("GET /whatsapp_business/attachments/", new StubResponse { Body = "jpeg-bytes!", ContentType = "image/jpeg" });
        await using var host = await MetaHost.StartAsync(MetaHost.AllChannels(graph.BaseUri));

        await using var media = await host.Services.GetRequiredService<WhatsAppMediaClient>().DownloadAsync("1003383421387256", CancellationToken.None);

        Assert.NotNull(media);
        Assert.Equal(2, graph.RequestsTo("GET /v23.0/1003383421387256").Count);
    }

    [Fact]
    public async Task UnknownMediaIdIsNull()
    {
        using var graph = ApiMock.Start();
        graph.On("GET /v23.0/404404", StubResponse.Json(
            """{ "error": { "message": "Unsupported get request.", "type": "GraphMethodException", "code": 100, "error_subcode": 33 } }""",
            HttpStatusCode.BadRequest));
        await using var host = await MetaHost.StartAsync(MetaHost.AllChannels(graph.BaseUri));

        var media = await host.Services.GetRequiredService<WhatsAppMediaClient>().DownloadAsync("404404", CancellationToken.None);

        Assert.Null(media);
        Assert.Single(graph.Requests);
    }
}
