using LiveChat.Tickets;

namespace LiveChat.Gateway.Helpdesk;

/// <summary>
/// Whose operator rights an embed session gets: the agent the installation's platform vouches for, never only the email
/// its page names. A Zendesk app with signed URLs proves the user (the JWT's <c>sub</c>), whose email the Zendesk API gives;
/// Zoho Desk, Freshdesk and key-only apps prove only the installation, so their agent email is taken only from an
/// installation an admin marked <c>trustAgentEmail</c>.
/// </summary>
public static class EmbedAgent
{
    public abstract record Decision;

    /// <summary>Ask the helpdesk for the email of the user it signed.</summary>
    public sealed record LookUp(string UserId) : Decision;

    /// <summary>Take the email the app names (the admin chose to trust it).</summary>
    public sealed record TakeHint : Decision;

    public sealed record Refuse(string Detail) : Decision;

    /// <param name="installation">The installation that asks.</param>
    /// <param name="signedUserId">The Zendesk user its JWT is signed for; null for a key, or a JWT naming no user.</param>
    /// <param name="directory">The configured helpdesk's directory, if any.</param>
    public static Decision Decide(InstallationRow installation, string? signedUserId, IHelpdeskUsers? directory)
    {
        if (signedUserId is not null && SameZendesk(installation, directory))
        {
            return new LookUp(signedUserId);
        }

        if (installation.TrustAgentEmail)
        {
            return new TakeHint();
        }

        return new Refuse(signedUserId is not null
            ? $"Zendesk signed the agent as user {signedUserId}, but the gateway cannot look that user up: configure Tickets:Provider Zendesk "
                + "with an API token of the account the installation's audience names, or an admin turns on 'trustAgentEmail' for this installation."
            : $"This {installation.Kind} installation's app proves the installation, not which agent is signed in; an admin who accepts "
                + "that any of its helpdesk users may name any operator's email turns on 'trustAgentEmail' for it.");
    }

    /// <summary>The directory knows the users of the Zendesk account that signed: the installation's audience is on its host.</summary>
    private static bool SameZendesk(InstallationRow installation, IHelpdeskUsers? directory) =>
        directory is { Provider: TicketProviders.Zendesk }
        && Uri.TryCreate(installation.ZendeskAudience, UriKind.Absolute, out var audience)
        && string.Equals(audience.Authority, directory.BaseUrl.Authority, StringComparison.OrdinalIgnoreCase);

    /// <returns>The agent's email, or the refusal to answer.</returns>
    public static async Task<(string? Email, ProblemHttpResult? Refusal)> ResolveAsync(
        InstallationRow installation, string? signedUserId, string hint, IHelpdeskUsers? directory, CancellationToken cancellationToken)
    {
        switch (Decide(installation, signedUserId, directory))
        {
            case LookUp lookUp:
                var answer = await directory!.UserEmailAsync(lookUp.UserId, cancellationToken);
                if (answer.Unavailable is { } reason)
                {
                    return (null, TypedResults.Problem(statusCode: 503, title: "Service Unavailable", detail: $"Zendesk could not be asked who user {lookUp.UserId} is: {reason}"));
                }

                return answer.Value is { } email
                    ? (email, null)
                    : (null, TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: $"Zendesk has no active user {lookUp.UserId} with an email."));
            case TakeHint:
                return (hint, null);
            case Refuse refuse:
                return (null, TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: refuse.Detail));
            default:
                throw new System.Diagnostics.UnreachableException();
        }
    }
}
