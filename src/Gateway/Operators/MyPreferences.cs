using System.Security.Claims;
using System.Text.RegularExpressions;
using FluentValidation;
using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Operators;

/// <summary>GET/PUT /operators/me/preferences: the console's settings, stored per operator; the defaults until the first PUT.</summary>
public static partial class MyPreferences
{
    public sealed class Validator : AbstractValidator<OperatorPreferences>
    {
        public Validator() => RuleFor(p => p.Language).Matches(LanguageTag()).WithMessage("'language' must be a language tag such as en or pt-BR.")
            .MaximumLength(35).When(p => p.Language is not null);
    }

    public static IEndpointRouteBuilder MapMyPreferences(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/operators/me/preferences").WithTags("Operators");
        group.MapGet("/", GetAsync).WithName("GetMyPreferences").WithSummary("My console preferences (the defaults until I save some).");
        group.MapPut("/", PutAsync).Validate<OperatorPreferences>().WithName("SetMyPreferences")
            .WithSummary("Save my console preferences: Enter sends, sound, desktop notifications, language.");
        return api;
    }

    private static async Task<Ok<OperatorPreferences>> GetAsync(ClaimsPrincipal user, Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var stored = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT enter_sends, sound, desktop_notifications, language FROM operator_preferences WHERE operator_id = @id",
            new { id = user.OperatorId() },
            cancellationToken: cancellationToken));
        return TypedResults.Ok(stored is null ? new OperatorPreferences() : new OperatorPreferences(stored.EnterSends, stored.Sound, stored.DesktopNotifications, stored.Language));
    }

    private static async Task<Ok<OperatorPreferences>> PutAsync(
        OperatorPreferences preferences, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO operator_preferences (operator_id, enter_sends, sound, desktop_notifications, language, updated_at)
            VALUES (@id, @EnterSends, @Sound, @DesktopNotifications, @Language, @now)
            ON CONFLICT (operator_id) DO UPDATE SET enter_sends = excluded.enter_sends, sound = excluded.sound,
                desktop_notifications = excluded.desktop_notifications, language = excluded.language, updated_at = excluded.updated_at
            """,
            new { id = user.OperatorId(), preferences.EnterSends, preferences.Sound, preferences.DesktopNotifications, preferences.Language, now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
        return TypedResults.Ok(preferences);
    }

    private sealed record Row
    {
        public bool EnterSends { get; init; }
        public bool Sound { get; init; }
        public bool DesktopNotifications { get; init; }
        public string? Language { get; init; }
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();
}
