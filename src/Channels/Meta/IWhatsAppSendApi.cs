using LiveChat.Channels.WhatsApp;
using Refit;

namespace LiveChat.Channels.Meta;

/// <summary>
/// The WhatsApp Cloud API send call (<c>POST /{version}/{phone-number-id}/messages</c>). The answer's status and
/// Retry-After decide between sent, retry later and failed (<see cref="GraphSend"/>).
/// </summary>
internal interface IWhatsAppSendApi
{
    [Post("/{version}/{phoneNumberId}/messages")]
    Task<IApiResponse<GraphSendResponse>> SendAsync(
        string version, string phoneNumberId, [Body] WhatsAppSendRequest message, [Authorize] string accessToken, CancellationToken cancellationToken);
}
