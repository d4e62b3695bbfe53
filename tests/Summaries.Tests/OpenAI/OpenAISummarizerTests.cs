using System.Diagnostics;

namespace LiveChat.Summaries.Tests.OpenAI;

public sealed class OpenAISummarizerTests : IDisposable
{
    private ApiMock _stub = ApiMock.Start();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task SendsChatCompletionNamingTheTargetLanguageWithTheTranscriptAndReadsUsage()
    {
        _stub.On(OpenAIStub.Route, OpenAIStub.Completion("Kunde meldet beschädigte Bestellung 77812; Ersatz ist veranlasst."));
        await using var services = OpenAIStub.Services(_stub);

        var summary = await Summarize(services, Transcript.German().Request("de-DE", question: "Bestellung 77812 beschädigt"));

        Assert.Equal(new ConversationSummary(
            "Kunde meldet beschädigte Bestellung 77812; Ersatz ist veranlasst.", "OpenAI", "de", FixedTime.Now, new SummaryUsage(321, 42), null), summary);
        var request = Assert.Single(_stub.RequestsTo(OpenAIStub.Route));
        Assert.Equal($"Bearer {OpenAIStub.ApiKey}", request.Header("Authorization"));
        Assert.Equal(string.Empty, request.Query);
        var body = request.Json();
        Assert.Equal("gpt-4o-mini", body.GetProperty("model").GetString());
        Assert.Equal(0.2, body.GetProperty("temperature").GetDouble());
        Assert.Equal(400, body.GetProperty("max_completion_tokens").GetInt32());
        var messages = body.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Contains("Write the summary in German (de)", messages[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        var user = messages[1].GetProperty("content").GetString()!;
        Assert.Contains("Channel: whatsapp\n", user, StringComparison.Ordinal);
        Assert.Contains("Question: Bestellung 77812 beschädigt\n", user, StringComparison.Ordinal);
        Assert.Contains("[10:15] Visitor (visitor): Hallo!\n", user, StringComparison.Ordinal);
        Assert.Contains("[10:16] Visitor (visitor): Guten Tag, meine Bestellung 77812 ist beschädigt angekommen, der Bildschirm ist kaputt.\n", user, StringComparison.Ordinal);
        Assert.Contains("[10:19] Markus (operator): Danke! Ich habe einen Ersatz veranlasst, er wird morgen versendet.\n", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamesEveryTargetLanguageForEveryChannel()
    {
        _stub.On(OpenAIStub.Route, OpenAIStub.Completion("Resumen."));
        await using var services = OpenAIStub.Services(_stub);

        var summary = await Summarize(services, Transcript.English().Request("es-MX", channel: "instagram"));

        Assert.Equal("es", summary.Language);
        var messages = Assert.Single(_stub.RequestsTo(OpenAIStub.Route)).Json().GetProperty("messages");
        Assert.Contains("Write the summary in Spanish (es)", messages[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("Channel: instagram\n", messages[1].GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetriesAfterServerErrorThenSucceeds()
    {
        _stub.Enqueue(OpenAIStub.Route, OpenAIStub.Error(HttpStatusCode.InternalServerError, "server_error", null));
        _stub.On(OpenAIStub.Route, OpenAIStub.Completion("Order 48213 reshipped."));
        await using var services = OpenAIStub.Services(_stub);

        var summary = await Summarize(services, Transcript.English().Request("en"));

        Assert.Equal(("OpenAI", "Order 48213 reshipped.", (string?)null), (summary.Provider, summary.Text, summary.FallbackReason));
        Assert.Equal(2, _stub.RequestsTo(OpenAIStub.Route).Count);
    }

    [Fact]
    public async Task WaitsForRetryAfterOnRateLimitThenSucceeds()
    {
        _stub.Enqueue(OpenAIStub.Route, OpenAIStub.Error(HttpStatusCode.TooManyRequests, "tokens", "rate_limit_exceeded", retryAfterSeconds: 1));
        _stub.On(OpenAIStub.Route, OpenAIStub.Completion("Order 48213 reshipped."));
        await using var services = OpenAIStub.Services(_stub);

        var clock = Stopwatch.StartNew();
        var summary = await Summarize(services, Transcript.English().Request("en"));

        Assert.Equal("OpenAI", summary.Provider);
        Assert.Equal(2, _stub.RequestsTo(OpenAIStub.Route).Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task ExhaustedQuotaIsNotRetriedAndBuiltinAnswersWithTheReason()
    {
        _stub.On(OpenAIStub.Route, OpenAIStub.Error(HttpStatusCode.TooManyRequests, "insufficient_quota", "insufficient_quota", retryAfterSeconds: 1));
        var logs = new CapturedLogs();
        await using var services = OpenAIStub.Services(_stub, logs);

        var summary = await Summarize(services, Transcript.German().Request("de"));

        Assert.Single(_stub.RequestsTo(OpenAIStub.Route));
        Assert.Equal("Builtin", summary.Provider);
        Assert.Equal("openai: 429 insufficient_quota", summary.FallbackReason);
        Assert.Equal("de", summary.Language);
        Assert.StartsWith("Frage: meine Bestellung 77812", summary.Text, StringComparison.Ordinal);
        Assert.Null(summary.Usage);
        Assert.Contains(logs.Lines, l => l.Contains("chat-1", StringComparison.Ordinal) && l.Contains("openai: 429 insufficient_quota", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("sk-tes", StringComparison.Ordinal) || l.Contains("77812", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TimedOutAttemptsAreRetriedThenBuiltinAnswers()
    {
        // WireMock logs a request once its delayed answer is due, so the delay is short enough to see all three.
        _stub.On(OpenAIStub.Route, OpenAIStub.Completion("too late") with { Delay = TimeSpan.FromSeconds(2) });
        await using var services = OpenAIStub.Services(_stub, null, ("Summaries:OpenAI:TimeoutSeconds", "0.2"));

        var summary = await Summarize(services, Transcript.English().Request("en"));

        Assert.Equal(("Builtin", "openai: timeout"), (summary.Provider, summary.FallbackReason));
        Assert.StartsWith("Question: my order #48213", summary.Text, StringComparison.Ordinal);
        await _stub.WaitForAsync(OpenAIStub.Route, count: 3, timeout: TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "invalid_request_error", "invalid_api_key", "openai: 401 invalid_api_key")]
    [InlineData(HttpStatusCode.NotFound, "invalid_request_error", "model_not_found", "openai: 404 model_not_found")]
    [InlineData(HttpStatusCode.BadRequest, "invalid_request_error", null, "openai: 400 invalid_request_error")]
    public async Task ClientErrorsAreNotRetriedAndBuiltinAnswers(HttpStatusCode status, string type, string? code, string reason)
    {
        _stub.On(OpenAIStub.Route, OpenAIStub.Error(status, type, code));
        await using var services = OpenAIStub.Services(_stub);

        var summary = await Summarize(services, Transcript.English().Request("en"));

        Assert.Single(_stub.RequestsTo(OpenAIStub.Route));
        Assert.Equal(("Builtin", reason), (summary.Provider, summary.FallbackReason));
    }

    [Fact]
    public async Task ServerErrorsThatOutlastTheRetriesFallBack()
    {
        _stub.On(OpenAIStub.Route, StubResponse.Json("{\"detail\":\"upstream down\"}", HttpStatusCode.BadGateway));
        await using var services = OpenAIStub.Services(_stub);

        var summary = await Summarize(services, Transcript.English().Request("en"));

        Assert.Equal(3, _stub.RequestsTo(OpenAIStub.Route).Count);
        Assert.Equal(("Builtin", "openai: 502"), (summary.Provider, summary.FallbackReason));
    }

    [Theory]
    [InlineData("this is not json", "openai: invalid JSON")]
    [InlineData("""{"choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"no"},"finish_reason":"content_filter"}]}""", "openai: no content (content_filter)")]
    [InlineData("""{"choices":[]}""", "openai: no content (no choices)")]
    public async Task UnusableAnswersFallBack(string body, string reason)
    {
        _stub.On(OpenAIStub.Route, StubResponse.Json(body));
        await using var services = OpenAIStub.Services(_stub);

        var summary = await Summarize(services, Transcript.English().Request("en"));

        Assert.Equal(("Builtin", reason), (summary.Provider, summary.FallbackReason));
    }

    [Fact]
    public async Task UnreachableServerFallsBack()
    {
        var baseUrl = new Uri(_stub.BaseUri, "v1").ToString();
        _stub.Dispose();
        _stub = ApiMock.Start();
        await using var services = OpenAIStub.Services(_stub, null, ("Summaries:OpenAI:BaseUrl", baseUrl));

        var summary = await Summarize(services, Transcript.English().Request("en"));

        Assert.Equal(("Builtin", "openai: network error (ConnectionError)"), (summary.Provider, summary.FallbackReason));
    }

    [Fact]
    public async Task CallerCancellationPropagates()
    {
        _stub.On(OpenAIStub.Route, OpenAIStub.Completion("late") with { Delay = TimeSpan.FromSeconds(10) });
        await using var services = OpenAIStub.Services(_stub);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.GetRequiredService<ISummarizer>().SummarizeAsync(Transcript.English().Request("en"), cts.Token));
    }

    [Fact]
    public async Task EmptyTranscriptIsAnsweredWithoutCallingTheModel()
    {
        await using var services = OpenAIStub.Services(_stub);

        var summary = await Summarize(services, new Transcript().Request("fr"));

        Assert.Empty(_stub.Requests);
        Assert.Equal(("Builtin", "Conversation vide : aucun message à résumer.", (string?)null), (summary.Provider, summary.Text, summary.FallbackReason));
    }

    [Fact]
    public async Task LongTranscriptIsTrimmedFromTheMiddleKeepingTheQuestionAndLatestTurns()
    {
        _stub.On(OpenAIStub.Route, OpenAIStub.Completion("ok"));
        var transcript = new Transcript()
            .Bot("SupportBot", "Hi, what can I do for you?")
            .Visitor("My order 55555 never arrived.");
        for (var i = 1; i <= 100; i++)
        {
            transcript.Operator("Anna", $"Checking step {i:D3} of the investigation, please hold on.");
        }

        transcript.Visitor("So what now?").Operator("Anna", "I have refunded order 55555 in full.");
        await using var services = OpenAIStub.Services(_stub, null, ("Summaries:OpenAI:MaxTranscriptChars", "1000"));

        await Summarize(services, transcript.Request("en"));

        var user = Assert.Single(_stub.RequestsTo(OpenAIStub.Route)).Json().GetProperty("messages")[1].GetProperty("content").GetString()!;
        var transcriptPart = user[user.IndexOf("):\n", StringComparison.Ordinal)..];
        Assert.True(transcriptPart.Length <= 1000 + 3, $"{transcriptPart.Length} characters sent");
        Assert.Contains("[10:15] SupportBot (bot): Hi, what can I do for you?\n[10:16] Visitor (visitor): My order 55555 never arrived.\n… (", user, StringComparison.Ordinal);
        Assert.Matches(@"… \(\d+ lines omitted\) …\n", user);
        Assert.EndsWith("Visitor (visitor): So what now?\n[11:58] Anna (operator): I have refunded order 55555 in full.\n", user, StringComparison.Ordinal);
        Assert.DoesNotContain("step 001", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzureStyleSendsApiKeyHeaderAndApiVersion()
    {
        const string route = "POST /openai/deployments/summaries/chat/completions";
        _stub.On(route, OpenAIStub.Completion("ok"));
        await using var services = OpenAIStub.Services(
            _stub,
            null,
            ("Summaries:OpenAI:BaseUrl", new Uri(_stub.BaseUri, "openai/deployments/summaries/").ToString()),
            ("Summaries:OpenAI:AzureApiVersion", "2024-10-21"));

        var summary = await Summarize(services, Transcript.English().Request("en"));

        Assert.Equal("OpenAI", summary.Provider);
        var request = Assert.Single(_stub.RequestsTo(route));
        Assert.Equal("?api-version=2024-10-21", request.Query);
        Assert.Equal(OpenAIStub.ApiKey, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task SelfHostedServerWithoutKeyGetsNoAuthorizationHeader()
    {
        _stub.On(OpenAIStub.Route, OpenAIStub.Completion("ok"));
        await using var services = OpenAIStub.Services(_stub, null, ("Summaries:OpenAI:ApiKey", ""), ("Summaries:OpenAI:Model", "llama3"));

        var summary = await Summarize(services, Transcript.English().Request("en"));

        Assert.Equal("OpenAI", summary.Provider);
        var request = Assert.Single(_stub.RequestsTo(OpenAIStub.Route));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("llama3", request.Json().GetProperty("model").GetString());
    }

    private static Task<ConversationSummary> Summarize(ServiceProvider services, SummaryRequest request) =>
        services.GetRequiredService<ISummarizer>().SummarizeAsync(request, CancellationToken.None);
}
