using System.Security.Claims;
using LiveChat.Gateway.Chats;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Helpdesk;

/// <summary>
/// A customer's chats found by their email or phone (the embed page's: a helpdesk knows its requester by these, not by
/// our visitor id), newest first, only of the operator's departments as every chat read is.
/// </summary>
public static class CustomerChats
{
    public static IEndpointRouteBuilder MapCustomerChats(this IEndpointRouteBuilder api)
    {
        api.MapGet("/customers/chats", ListAsync).WithTags("Chats").WithName("ListCustomerChats")
            .WithSummary("A customer's chats by email and/or phone (either matches), newest first, at most `limit` (≤ 50).");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<ChatView>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, Db db, ReplyWindowClock windows, CancellationToken cancellationToken,
        [FromQuery] string? email = null, [FromQuery] string? phone = null, [FromQuery] int? limit = null)
    {
        var emailKey = string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
        var phoneKey = PhoneKey(phone);
        if (emailKey is null && phoneKey is null)
        {
            return ProblemDetailsBody.Invalid("email", "Name the customer by 'email' or 'phone'.");
        }

        if (limit is < 1 or > 50)
        {
            return ProblemDetailsBody.Invalid("limit", "'limit' must be between 1 and 50.");
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        var access = await ChatAccess.ForAsync(user, connection, cancellationToken);
        var who = new List<string>();
        if (emailKey is not null)
        {
            who.Add("lower(v.email) = @emailKey");
        }

        if (phoneKey is not null)
        {
            // Stored numbers are as the channel gave them: with or without the plus.
            who.Add("(v.phone = @phoneKey OR v.phone = @phoneDigits)");
        }

        var where = $"({string.Join(" OR ", who)})" + (access.AllDepartments ? string.Empty : $" AND {Db.AnyOf(connection, "c.department_id", "departments")}");
        var chats = await ChatReader.ReadAsync(
            connection,
            where,
            new { emailKey, phoneKey, phoneDigits = phoneKey?.TrimStart('+'), departments = access.DepartmentIds.ToArray(), limit = limit ?? 20 },
            "ORDER BY c.started_at DESC, c.id LIMIT @limit",
            windows,
            cancellationToken);
        return TypedResults.Ok(chats);
    }

    /// <summary>+4930123 for "+49 30-123": the digits, with the plus when the number had one.</summary>
    public static string? PhoneKey(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length == 0 ? null : phone.TrimStart().StartsWith('+') ? $"+{digits}" : digits;
    }
}
