using System.Text;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Widgets;
using Microsoft.Extensions.Options;

namespace LiveChat.Gateway.Tests.Widgets;

/// <summary>The widgets' pure parts: template expansion, the card schema, and the stored secret's encryption.</summary>
public sealed class WidgetDecisionTests
{
    private static readonly WidgetContext s_context = new(
        "ch_1", "v_1", "Zoë O'Neil", "zoe+shop@example.test", "+49 151 1234", "op_1", "Ann", "ann@example.test", "dep_1", "Sales & Support");

    [Fact]
    public void ExpandsEveryPlaceholderUrlEncodedAndLeavesMissingValuesEmpty()
    {
        var template = "https://crm.example.test/c/{visitorId}?chat={chatId}&name={visitorName}&email={email}&phone={phone}&op={operatorId}&opEmail={operatorEmail}&dep={departmentId}";

        Assert.Null(WidgetTemplate.Problem(template));
        Assert.Equal(
            "https://crm.example.test/c/v_1?chat=ch_1&name=Zo%C3%AB%20O%27Neil&email=zoe%2Bshop%40example.test&phone=%2B49%20151%201234&op=op_1&opEmail=ann%40example.test&dep=dep_1",
            WidgetTemplate.Expand(template, s_context));
        Assert.Equal("https://crm.example.test/?e=", WidgetTemplate.Expand("https://crm.example.test/?e={email}", s_context with { Email = null }));
        Assert.Equal("https://crm.example.test/x%2F..%2Fadmin%3Fa%3D1%23b", WidgetTemplate.Expand("https://crm.example.test/{visitorName}", s_context with { VisitorName = "x/../admin?a=1#b" }));
    }

    [Fact]
    public void ReadsACardAndRefusesWhatIsNotOne()
    {
        var card = WidgetCardSchema.Read("""{"title":"T","fields":[{"label":"On","value":true}],"links":[{"label":"Mail","url":"mailto:a@b.c"},{"label":"Web","url":"http://x.test/"}]}"""u8.ToArray());

        Assert.Equal([new WidgetCardField("On", "true")], card.Card!.Fields);
        Assert.Equal([new WidgetCardLink("Mail", null), new WidgetCardLink("Web", "http://x.test/")], card.Card.Links);
        Assert.Contains("it is not a JSON object", WidgetCardSchema.Read("[1]"u8.ToArray()).Unavailable, StringComparison.Ordinal);
        Assert.Contains("each field needs", WidgetCardSchema.Read("""{"title":"T","fields":[{"label":"x"}]}"""u8.ToArray()).Unavailable, StringComparison.Ordinal);
        Assert.Contains("more than 30 fields", WidgetCardSchema.Read(Encoding.UTF8.GetBytes($$"""{"title":"T","fields":[{{string.Join(',', Enumerable.Repeat("""{"label":"a","value":"b"}""", 31))}}]}""")).Unavailable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStoredSecretOpensOnlyWithTheSameSigningKeyAndForTheSameWidget()
    {
        var signing = await SigningAsync("the-operator-signing-key-0123456789abcdef");
        var secret = WidgetSigning.NewSecret();

        var cipher = signing.Protect("wdg_1", secret);

        Assert.DoesNotContain(secret, cipher, StringComparison.Ordinal);
        Assert.Equal(secret, signing.Unprotect("wdg_1", cipher));
        Assert.Null(signing.Unprotect("wdg_2", cipher));
        Assert.Null((await SigningAsync("another-operator-signing-key-0123456789ab")).Unprotect("wdg_1", cipher));
        Assert.Null(signing.Unprotect("wdg_1", "not base64!"));
    }

    private static async Task<WidgetSigning> SigningAsync(string key)
    {
        var keys = new SigningKeys(Options.Create(new AuthOptions { SigningKey = key }), null!);
        await keys.LoadAsync(CancellationToken.None);
        return new WidgetSigning(keys, Options.Create(new WidgetOptions()), TimeProvider.System);
    }
}
