using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.AspNetCore.Components.WebAssembly.Http;
using Microsoft.Extensions.Logging;

namespace LiveChat.OperatorConsole.Api;

/// <summary>
/// Reads the operator's event stream (<c>GET /api/v1/events</c>) with the browser's response streaming and
/// <see cref="SseParser"/>, and reconnects with <c>Last-Event-ID</c> after any drop, so nothing is missed across a
/// flaky network or a gateway restart. Control frames (<c>stream.ready</c>, heartbeats) carry no id and never move it.
/// </summary>
public sealed class EventStreamReader(ConsoleApi api, ILogger<EventStreamReader> logger)
{
    private static readonly TimeSpan[] s_backoff = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    public long? LastEventId { get; private set; }

    /// <summary>Connected and reading; false while it waits to reconnect.</summary>
    public bool Connected { get; private set; }

    public event Action? ConnectionChanged;

    /// <summary>Reads until <paramref name="stopping"/>; each event goes to <paramref name="onEvent"/> in stream order.</summary>
    public async Task RunAsync(Func<EventEnvelope, Task> onEvent, Func<Task> onConnected, CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using var request = api.EventStreamRequest(LastEventId);
                request.SetBrowserResponseStreamingEnabled(true);
                using var response = await api.SendRawAsync(request, stopping, HttpCompletionOption.ResponseHeadersRead);
                if (!response.IsSuccessStatusCode)
                {
                    throw await ApiProblem.FromAsync(response, stopping);
                }

                await using var body = await response.Content.ReadAsStreamAsync(stopping);
                await foreach (var item in SseParser.Create(body).EnumerateAsync(stopping))
                {
                    if (item.EventType == "stream.ready")
                    {
                        failures = 0;
                        SetConnected(true);
                        await onConnected();
                        continue;
                    }

                    if (item.EventId is null || !long.TryParse(item.EventId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    {
                        continue;
                    }

                    var envelope = JsonSerializer.Deserialize(item.Data, ConsoleJson.Default.EventEnvelope);
                    LastEventId = id;
                    if (envelope is not null)
                    {
                        await onEvent(envelope);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (ApiProblem problem) when (problem.Status == System.Net.HttpStatusCode.Unauthorized)
            {
                // The session asks for the password; the store starts the stream again after sign-in.
                SetConnected(false);
                return;
            }
            catch (Exception exception)
            {
                // Dropped, refused or cut off for reading too slowly: reconnect with Last-Event-ID.
                logger.LogInformation("The event stream dropped ({Reason}); reconnecting after event {LastEventId}", exception.Message, LastEventId);
            }

            SetConnected(false);
            await Task.Delay(s_backoff[Math.Min(failures++, s_backoff.Length - 1)], stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void SetConnected(bool connected)
    {
        if (Connected != connected)
        {
            Connected = connected;
            ConnectionChanged?.Invoke();
        }
    }
}
