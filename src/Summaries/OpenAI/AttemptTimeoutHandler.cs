using Polly.Timeout;

namespace LiveChat.Summaries.OpenAI;

/// <summary>
/// The per-attempt timeout from <c>Summaries:OpenAI:TimeoutSeconds</c>. The shared policy takes its options when
/// the client is registered, before configuration is bound, so this handler sits inside it and applies the
/// configured value; it fails an attempt the way the policy's own timeout does, so the policy retries it.
/// </summary>
internal sealed class AttemptTimeoutHandler(TimeSpan timeout) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, attempt.Token);
            // The body is part of the attempt: a server that sends headers and then stalls also times out.
            await response.Content.LoadIntoBufferAsync(attempt.Token);
            return response;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new TimeoutRejectedException($"No answer within {timeout.TotalSeconds}s.", timeout, ex);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }
}
