namespace LiveChat.Gateway.Hosting;

/// <summary>The few expected failures every feature shares, as application/problem+json results.</summary>
public static class ProblemDetailsBody
{
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: 404, title: "Not Found", detail: $"There is no {what} '{id}'.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: 409, title: "Conflict", detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: detail);

    /// <summary>A 400 naming the offending field or query parameter, as the request validators' answers do.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");
}
