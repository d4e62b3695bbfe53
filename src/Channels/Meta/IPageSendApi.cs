using LiveChat.Channels.WhatsApp;
using Refit;

namespace LiveChat.Channels.Meta;

/// <summary>The Messenger / Instagram Send API call (<c>POST /{version}/{page-or-account-id}/messages</c>).</summary>
internal interface IPageSendApi
{
    [Post("/{version}/{senderId}/messages")]
    Task<IApiResponse<GraphSendResponse>> SendAsync(
        string version, string senderId, [Body] PageSendRequest message, [Authorize] string accessToken, CancellationToken cancellationToken);
}

/// <summary>The Page Send API as Messenger's client (its own base address and settings).</summary>
internal interface IMessengerSendApi : IPageSendApi;

/// <summary>The Page Send API as Instagram's client (its own base address and settings).</summary>
internal interface IInstagramSendApi : IPageSendApi;
