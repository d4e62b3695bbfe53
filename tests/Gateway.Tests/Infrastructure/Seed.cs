using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Tests.Infrastructure;

/// <summary>What tests seed through the public API and the real ingest path.</summary>
public static class Seed
{
    public static async Task<string> DepartmentAsync(this OperatorClient admin, string name)
    {
        var response = await admin.Http.PostAsJsonAsync("/api/v1/departments", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static async Task<(string Id, string Email, string Password)> OperatorAsync(
        this OperatorClient admin, string role, params string[] departmentIds)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.test";
        const string Password = "operator-password-1";
        var response = await admin.Http.PostAsJsonAsync("/api/v1/operators", new
        {
            name = $"{role} {email[..12]}",
            email,
            password = Password,
            role,
            departmentIds,
            maxConcurrentChats = 3,
            language = "en",
        });
        response.EnsureSuccessStatusCode();
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, email, Password);
    }

    public static InboundItem CustomerText(string channel, string conversationKey, string text, string? externalId = null, string? departmentId = null, string? name = null) =>
        new(
            channel,
            externalId ?? $"ext-{Guid.NewGuid():N}",
            conversationKey,
            new Activity
            {
                Type = ActivityTypes.Message,
                ChannelId = channel,
                Text = text,
                From = new ChannelAccount { Id = $"{channel}:{conversationKey}", Name = name, Role = "user" },
                Conversation = new ConversationAccount { Id = conversationKey },
                Timestamp = DateTimeOffset.UtcNow,
            },
            new VisitorProfile { Name = name, DepartmentId = departmentId, Phone = channel == "whatsapp" ? $"+{conversationKey}" : null });

    public static async Task<string> ChatIdAsync(this OperatorClient client, string channel, string conversationKeyFragment)
    {
        var chats = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats?view=queued&channel={channel}");
        foreach (var chat in chats.EnumerateArray())
        {
            if (chat.GetProperty("visitor").GetProperty("phone").GetString()?.Contains(conversationKeyFragment, StringComparison.Ordinal) == true)
            {
                return chat.GetProperty("id").GetString()!;
            }
        }

        throw new InvalidOperationException($"No queued {channel} chat for {conversationKeyFragment}.");
    }
}
