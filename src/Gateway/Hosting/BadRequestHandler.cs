using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Hosting;

/// <summary>
/// Turns what the framework throws for bad input (malformed JSON, wrong types, oversized bodies) into a
/// 4xx ProblemDetails that names the problem and, where it can, the offending field; anything else is a
/// 500 that says nothing about the internals.
/// </summary>
public sealed partial class BadRequestHandler(IProblemDetailsService problems, ILogger<BadRequestHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            var json = exception.InnerException as JsonException;
            var field = json?.Path is { Length: > 2 } path ? ToFieldName(path) : null;
            var detail = json is null ? bad.Message : Describe(json, field);
            problem = field is null
                ? new ProblemDetails { Status = bad.StatusCode, Title = Title(bad.StatusCode), Detail = detail }
                : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] }) { Status = bad.StatusCode, Title = Title(bad.StatusCode), Detail = detail };
        }
        else
        {
            LogUnhandled(logger, exception);
            problem = new ProblemDetails { Status = 500, Title = "Internal Server Error", Detail = "The gateway failed to handle this request; nothing was acknowledged." };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string Title(int status) => status switch
    {
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        _ => "Bad Request",
    };

    /// <summary>"$.departmentIds[0]" → "departmentIds[0]" (the same names the validators use).</summary>
    private static string ToFieldName(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Describe(JsonException json, string? field)
    {
        if (json is UnstorableTextException)
        {
            return $"'{field ?? "body"}' {json.Message}.";
        }

        if (field is not null && json.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"The value of '{field}' has the wrong type.";
        }

        return $"The request body is not valid JSON: {FieldPath().Replace(json.Message, string.Empty).Trim()}";
    }

    [GeneratedRegex(@"\s*\|\s*LineNumber:.*$")]
    private static partial Regex FieldPath();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
