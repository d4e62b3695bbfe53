using System.Net.Http.Json;

namespace LiveChat.OperatorConsole.Api;

/// <summary>The embed page's calls: its one-time code for a token, and the customer's chats by email or phone.</summary>
public sealed partial class ConsoleApi
{
    /// <summary>Refusals (used, expired) keep the gateway's own words: this is no expired sign-in.</summary>
    public async Task<EmbedExchangeResponse> ExchangeEmbedCodeAsync(string code)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("api/v1/embed/exchange", new EmbedExchangeRequest(code), Json);
        }
        catch (HttpRequestException exception)
        {
            throw new ApiProblem(0, $"The gateway cannot be reached ({exception.Message}).");
        }

        using (response)
        {
            return await ReadAsync<EmbedExchangeResponse>(response, CancellationToken.None);
        }
    }

    public Task<List<ChatView>> CustomerChatsAsync(EmbedCustomer customer) =>
        GetAsync<List<ChatView>>(
            "api/v1/customers/chats?limit=20"
            + (customer.Email is { Length: > 0 } email ? $"&email={Esc(email)}" : string.Empty)
            + (customer.Phone is { Length: > 0 } phone ? $"&phone={Esc(phone)}" : string.Empty));
}
