using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Bots;

/// <summary>
/// POST /bots/signing-keys (admins): a new RS256 key for bots, published in the JWKS at once and signed with after
/// <c>activateInMinutes</c> (default 60, so bots have met it before it is used); the older keys retire a day later.
/// </summary>
public static class RotateBotSigningKey
{
    public sealed record RotateRequest(int? ActivateInMinutes);

    public sealed record RotatedKey(string Kid, DateTimeOffset ActiveFrom);

    public static IEndpointRouteBuilder MapRotateBotSigningKey(this IEndpointRouteBuilder api)
    {
        api.MapPost("/bots/signing-keys", HandleAsync).RequireAuthorization(Policies.Admin).WithTags("Bots").WithName("RotateBotSigningKey")
            .WithSummary("Rotate the RS256 key the gateway signs bot tokens with (published now, used after activateInMinutes, default 60).");
        return api;
    }

    private static async Task<Results<Created<RotatedKey>, ValidationProblem>> HandleAsync(
        RotateRequest? request, BotSigningKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var minutes = request?.ActivateInMinutes ?? 60;
        if (minutes is < 0 or > 10_080)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["activateInMinutes"] = ["Must be between 0 and 10080 (a week)."],
            });
        }

        var activeFrom = time.GetUtcNow().AddMinutes(minutes);
        var kid = await keys.RotateAsync(activeFrom, cancellationToken);
        return TypedResults.Created("/botframework/v2.0/keys", new RotatedKey(kid, activeFrom));
    }
}
