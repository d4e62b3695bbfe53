namespace LiveChat.Summaries.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public void BuiltinIsTheDefaultProvider()
    {
        using var services = Build([]);

        Assert.IsType<BuiltinSummarizer>(services.GetRequiredService<ISummarizer>());
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("openai")]
    public void ProviderSettingSelectsOpenAI(string provider)
    {
        using var services = Build(new()
        {
            ["Summaries:Provider"] = provider,
            ["Summaries:OpenAI:ApiKey"] = "sk-test",
            ["Summaries:OpenAI:Model"] = "gpt-4o-mini",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal("OpenAI", services.GetRequiredService<ISummarizer>().Name);
    }

    [Fact]
    public void MissingModelFailsStartupNamingTheSetting()
    {
        using var services = Build(new() { ["Summaries:Provider"] = "OpenAI", ["Summaries:OpenAI:ApiKey"] = "sk-test" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Summaries:OpenAI:Model is required when Summaries:Provider is OpenAI.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingKeyForApiOpenAIComFailsStartupNamingTheSetting()
    {
        using var services = Build(new() { ["Summaries:Provider"] = "OpenAI", ["Summaries:OpenAI:Model"] = "gpt-4o-mini" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Summaries:OpenAI:ApiKey is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalServerMayRunWithoutKey()
    {
        using var services = Build(new()
        {
            ["Summaries:Provider"] = "OpenAI",
            ["Summaries:OpenAI:BaseUrl"] = "http://localhost:11434/v1",
            ["Summaries:OpenAI:Model"] = "llama3",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal("OpenAI", services.GetRequiredService<ISummarizer>().Name);
    }

    [Theory]
    [InlineData("Summaries:OpenAI:BaseUrl", "not a url", "Summaries:OpenAI:BaseUrl must be an absolute http(s) URL")]
    [InlineData("Summaries:OpenAI:TimeoutSeconds", "0", "Summaries:OpenAI:TimeoutSeconds must be more than 0")]
    [InlineData("Summaries:OpenAI:MaxTranscriptChars", "10", "Summaries:OpenAI:MaxTranscriptChars must be between")]
    [InlineData("Summaries:OpenAI:AzureApiVersion", "2024-10-21", "Summaries:OpenAI:ApiKey is required when Summaries:OpenAI:AzureApiVersion is set")]
    public void InvalidOpenAISettingsFailStartupNamingTheSetting(string key, string value, string message)
    {
        using var services = Build(new()
        {
            ["Summaries:Provider"] = "OpenAI",
            ["Summaries:OpenAI:BaseUrl"] = "http://localhost:11434/v1",
            ["Summaries:OpenAI:Model"] = "llama3",
            [key] = value,
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenAISettingsAreNotCheckedWhileBuiltinIsSelected()
    {
        using var services = Build(new() { ["Summaries:OpenAI:TimeoutSeconds"] = "0" });

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void UnknownProviderFailsStartupListingTheKnownOnes()
    {
        using var services = Build(new() { ["Summaries:Provider"] = "Gemini" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Summaries:Provider 'Gemini' is not a registered summariser (one of: Builtin, OpenAI).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomProviderPlugsInWithOneRegistrationLine()
    {
        using var services = Build(new() { ["Summaries:Provider"] = "Shouting" }, s => s.AddSummarizer<ShoutingSummarizer>("Shouting"));

        services.GetRequiredService<IStartupValidator>().Validate();
        var summarizer = services.GetRequiredService<ISummarizer>();
        var summary = await summarizer.SummarizeAsync(new Transcript().Visitor("where is my order?").Request("en"), CancellationToken.None);

        Assert.IsType<ShoutingSummarizer>(summarizer);
        Assert.Equal(("WHERE IS MY ORDER?", "Shouting"), (summary.Text, summary.Provider));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSummaries();
        extra?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private sealed class ShoutingSummarizer : ISummarizer
    {
        public string Name => "Shouting";

        public Task<ConversationSummary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new ConversationSummary(
                string.Join(' ', request.Lines.Select(l => l.Text.ToUpperInvariant())), Name, "en", DateTimeOffset.UnixEpoch, null, null));
    }
}
