using LiveChat.Channels.Activities;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LiveChat.Channels.DirectLine;

/// <summary>
/// Reads an upload: multipart (an optional <c>application/vnd.microsoft.activity</c> part and one part per
/// file, as directlinejs sends) or a single raw file. Files become data: URI attachments on the message.
/// </summary>
internal static class DirectLineUpload
{
    public const string ActivityContentType = "application/vnd.microsoft.activity";

    public abstract record Result
    {
        public sealed record Ok(Activity? Activity, IReadOnlyList<Attachment> Attachments) : Result;

        public sealed record TooBig : Result;

        public sealed record Malformed(string Message) : Result;
    }

    public static async Task<Result> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            var raw = await Meta.MetaWebhookEndpoints.ReadBoundedAsync(request, limit, cancellationToken);
            if (raw is null)
            {
                return new Result.TooBig();
            }

            var name = ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition)
                ? disposition.FileName.Value?.Trim('"')
                : null;
            return raw.Length == 0
                ? new Result.Malformed("The upload is empty.")
                : new Result.Ok(null, [DataUri(request.ContentType, name, raw)]);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return new Result.TooBig();
        }
        catch (IOException)
        {
            return new Result.Malformed("The multipart body is cut short or lacks its closing boundary.");
        }

        Activity? activity = null;
        var attachments = new List<Attachment>();
        long total = 0;
        foreach (var file in form.Files)
        {
            await using var stream = file.OpenReadStream();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            if (string.Equals(file.ContentType, ActivityContentType, StringComparison.OrdinalIgnoreCase) || file.Name == "activity")
            {
                activity = DirectLineInput.Parse(buffer.ToArray(), out var problem);
                if (activity is null)
                {
                    return new Result.Malformed($"The activity part: {problem}");
                }

                continue;
            }

            total += buffer.Length;
            if (total > limit)
            {
                return new Result.TooBig();
            }

            attachments.Add(DataUri(file.ContentType, file.FileName, buffer.ToArray()));
        }

        return attachments.Count == 0 && activity is null
            ? new Result.Malformed("The upload has no files.")
            : new Result.Ok(activity, attachments);
    }

    private static Attachment DataUri(string? contentType, string? name, byte[] bytes)
    {
        var type = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType.Split(';')[0].Trim();
        return new Attachment { ContentType = type, Name = name, ContentUrl = $"data:{type};base64,{Convert.ToBase64String(bytes)}" };
    }
}
