using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Hosting;

/// <summary>
/// The operator API's one decision about text it cannot store: U+0000 (PostgreSQL text cannot hold it) and lone
/// surrogates (UTF-8 cannot encode them) are refused with a 400 naming the field, in JSON bodies (through
/// <see cref="StringConverter"/>, which <see cref="BadRequestHandler"/> turns into the answer) and in query strings and
/// paths (through <see cref="UseOperatorInputGuard"/>). Query values are also bounded by <see cref="MaxQueryValue"/>.
/// </summary>
public static class OperatorInput
{
    /// <summary>The longest query-string value the operator API reads (ids, filters, search text are far shorter).</summary>
    public const int MaxQueryValue = 1000;

    /// <summary>Ids named in bodies (operators, departments, categories); the gateway's own are 36 characters.</summary>
    public const int MaxId = 100;

    public static IApplicationBuilder UseOperatorInputGuard(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            api => api.Use(async (context, next) =>
            {
                if (Problem(context.Request) is { } problem)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = context,
                        ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [problem.Field] = [problem.Detail] })
                        {
                            Status = StatusCodes.Status400BadRequest,
                            Title = "The request is not valid.",
                            Detail = problem.Detail,
                        },
                    });
                    return;
                }

                await next(context);
            }));

    private static (string Field, string Detail)? Problem(HttpRequest request)
    {
        if (SafeText.Problem(request.Path.Value) is { } inPath)
        {
            return ("path", $"The path {inPath}.");
        }

        foreach (var (key, values) in request.Query)
        {
            if (SafeText.Problem(key) is { } inKey)
            {
                return ("query", $"A query parameter's name {inKey}.");
            }

            foreach (var value in values)
            {
                if (SafeText.Problem(value) is { } inValue)
                {
                    return (key, $"'{key}' {inValue}.");
                }

                if (value?.Length > MaxQueryValue)
                {
                    return (key, $"'{key}' is longer than {MaxQueryValue} characters.");
                }
            }
        }

        return null;
    }

    /// <summary>Every JSON string the operator API reads: refused, naming the field, when it cannot be stored.</summary>
    public sealed class StringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? value;
            try
            {
                value = reader.GetString();
            }
            catch (InvalidOperationException) when (reader.TokenType == JsonTokenType.String)
            {
                throw new UnstorableTextException("is not valid Unicode text");
            }

            return SafeText.Problem(value) is { } problem ? throw new UnstorableTextException(problem) : value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}

/// <summary>A JSON string the gateway cannot store; its message completes "'field' ...".</summary>
public sealed class UnstorableTextException(string problem) : JsonException(problem);
