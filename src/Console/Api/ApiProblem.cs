using System.Net;
using System.Text.Json;

namespace LiveChat.OperatorConsole.Api;

/// <summary>A refused or failed API call, with the words the gateway gave (ProblemDetails' detail or title) for the screen.</summary>
public sealed class ApiProblem(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public static async Task<ApiProblem> FromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var message = $"The gateway answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (body.Length > 0 && body.TrimStart().StartsWith('{'))
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    var first = errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(v => v.GetString())).FirstOrDefault(s => s is not null);
                    if (first is not null)
                    {
                        return new ApiProblem(response.StatusCode, first);
                    }
                }

                if (root.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } d)
                {
                    message = d;
                }
                else if (root.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 } t)
                {
                    message = t;
                }
            }
        }
        catch (JsonException)
        {
            // Not ProblemDetails: the status line says enough.
        }

        return new ApiProblem(response.StatusCode, message);
    }
}
