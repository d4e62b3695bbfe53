using System.Net.Http.Headers;

namespace LiveChat.Gateway.Tests.DirectLine;

/// <summary>A gateway with the Direct Line channel enabled, plus the calls a Direct Line client makes.</summary>
public class DirectLineFixture : GatewayFixture
{
    public const string Secret = "directline-test-secret-0123456789abcdef";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Channels:DirectLine:Secret"] = Secret,
        ["Channels:DirectLine:KeepAliveSeconds"] = "1",
        ["Channels:DirectLine:CountryHeader"] = "CF-IPCountry",
    };

    public HttpClient Client(string? bearer)
    {
        var client = App.Anonymous();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>tokens/generate with the secret, then POST /conversations with that token: (conversation id, token, streamUrl).</summary>
    public async Task<(string Id, string Token, string StreamUrl)> StartAsync(string? userName = null)
    {
        var generated = await Client(Secret).PostAsJsonAsync("/v3/directline/tokens/generate", new { user = new { name = userName } });
        generated.EnsureSuccessStatusCode();
        var token = (await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var started = await Client(token).PostAsJsonAsync("/v3/directline/conversations", new { user = new { id = "r_user1" } });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!, body.GetProperty("streamUrl").GetString()!);
    }

    public async Task<string> PostAsync(string conversationId, string token, object activity)
    {
        var response = await Client(token).PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> PollAsync(string conversationId, string token, string? watermark)
    {
        var response = await Client(token).GetAsync($"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Replays the whole conversation until it holds an activity that matches; returns every activity the visitor got.</summary>
    public Task<List<JsonElement>> PollUntilAsync(string conversationId, string token, Func<JsonElement, bool> match) =>
        Eventually.Until(
            $"the expected activity in conversation {conversationId}",
            async () => (await PollAsync(conversationId, token, null)).GetProperty("activities").EnumerateArray().ToList(),
            activities => activities.Any(match),
            TimeSpan.FromSeconds(20));

    /// <summary>Puts the operator into the chat as its owner (the pick-up endpoint arrives with another issue).</summary>
    public async Task JoinAsync(string chatId, string operatorId)
    {
        await using var connection = await Database.OpenAsync();
        await connection.ExecuteAsync("UPDATE chats SET state = 'active', assigned_at = now() WHERE id = @chatId", new { chatId });
        await connection.ExecuteAsync(
            "INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at) VALUES (@chatId, 'operator', @operatorId, 'Admin', 'owner', now())",
            new { chatId, operatorId });
    }

    public async Task<string> ChatIdAsync(string conversationId)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT id FROM chats WHERE channel = 'webchat' AND conversation_key = @conversationId", new { conversationId })
            ?? throw new InvalidOperationException("No chat for the conversation.");
    }

    public async Task<string> ReplyAsOperatorAsync(string conversationId, string text)
    {
        var admin = await App.AdminAsync();
        var chatId = await ChatIdAsync(conversationId);
        await using (var connection = await Database.OpenAsync())
        {
            var joined = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM chat_participants WHERE chat_id = @chatId", new { chatId });
            if (joined == 0)
            {
                await JoinAsync(chatId, admin.Id);
            }
        }

        var reply = await admin.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/messages", new { text });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        return chatId;
    }
}
