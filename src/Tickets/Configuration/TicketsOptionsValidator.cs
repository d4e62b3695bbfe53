using Microsoft.Extensions.Options;

namespace LiveChat.Tickets;

/// <summary>Checks the selected provider's settings; every message names the setting to fix.</summary>
internal sealed class TicketsOptionsValidator : IValidateOptions<TicketsOptions>
{
    public ValidateOptionsResult Validate(string? name, TicketsOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static IEnumerable<string> Errors(TicketsOptions options)
    {
        var provider = TicketProviders.Normalise(options.Provider);
        if (provider is null)
        {
            yield return $"Tickets:Provider must be one of {string.Join(", ", TicketProviders.All)}, or empty for no helpdesk (got '{options.Provider}').";
            yield break;
        }

        if (options.MaxAttempts < 1)
        {
            yield return "Tickets:MaxAttempts must be at least 1.";
        }

        if (options.AttemptTimeoutSeconds is < 1 or > 300)
        {
            yield return "Tickets:AttemptTimeoutSeconds must be between 1 and 300.";
        }

        var missing = provider switch
        {
            TicketProviders.ZohoDesk => Check(provider,
                ("BaseUrl", options.ZohoDesk.BaseUrl, true), ("AccountsUrl", options.ZohoDesk.AccountsUrl, true),
                ("OrgId", options.ZohoDesk.OrgId, false), ("DepartmentId", options.ZohoDesk.DepartmentId, false),
                ("ClientId", options.ZohoDesk.ClientId, false), ("ClientSecret", options.ZohoDesk.ClientSecret, false),
                ("RefreshToken", options.ZohoDesk.RefreshToken, false)),
            TicketProviders.Zendesk => Check(provider,
                ("BaseUrl", options.Zendesk.BaseUrl, true), ("Email", options.Zendesk.Email, false),
                ("ApiToken", options.Zendesk.ApiToken, false)),
            TicketProviders.Freshdesk => Check(provider,
                ("BaseUrl", options.Freshdesk.BaseUrl, true), ("ApiKey", options.Freshdesk.ApiKey, false)),
            TicketProviders.Webhook => Check(provider,
                ("Url", options.Webhook.Url, true), ("Secret", options.Webhook.Secret, false)),
            _ => [],
        };
        foreach (var error in missing)
        {
            yield return error;
        }
    }

    private static IEnumerable<string> Check(string provider, params (string Key, string? Value, bool IsUrl)[] settings)
    {
        foreach (var (key, value, isUrl) in settings)
        {
            var setting = $"Tickets:{provider}:{key}";
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return $"{setting} is required when Tickets:Provider is {provider}.";
            }
            else if (isUrl && !TicketContent.IsWebLink(value))
            {
                yield return $"{setting} must be an absolute http(s) URL (got '{value}').";
            }
        }
    }
}
