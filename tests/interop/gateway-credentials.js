// The one setting botbuilder's configuration cannot carry, for a bot whose channel is LiveChat Gateway (docs/bots.md).
//
// botbuilder gets the bot's tokens through MSAL, creating ConfidentialClientApplication with only
// { authority: ToChannelFromBotLoginUrl, clientId, clientSecret } (botframework-connector lib/auth/msalAppCredentials.js,
// the MsalAppCredentials constructor). For an authority that is not Microsoft's, MSAL first asks
// https://login.microsoftonline.com/common/discovery/instance whether to trust the host and gives up with
// "untrusted_authority" when that call fails, e.g. without Internet access (@azure/msal-common src/authority/Authority.ts,
// getCloudDiscoveryMetadataFromNetwork, then updateCloudDiscoveryMetadata). MSAL skips the question for hosts in
// knownAuthorities, which only code can set. This factory is botframework-connector's own MSAL credentials factory with
// that one option added; everything else (issuer, OpenID metadata, validation of what the gateway sends) stays
// botbuilder's configuration. Without ToChannelFromBotLoginUrl (Azure, or an anonymous bot) it returns undefined and
// botbuilder uses its usual factory.
const { ConfidentialClientApplication } = require('@azure/msal-node');
const { MsalServiceClientCredentialsFactory } = require('botframework-connector');

function gatewayCredentialsFactory(env = process.env) {
  if (!env.MicrosoftAppId || !env.ToChannelFromBotLoginUrl) return undefined;
  const authority = env.ToChannelFromBotLoginUrl;
  return new MsalServiceClientCredentialsFactory(env.MicrosoftAppId, new ConfidentialClientApplication({
    auth: {
      clientId: env.MicrosoftAppId,
      clientSecret: env.MicrosoftAppPassword,
      authority,
      knownAuthorities: [new URL(authority).host],
    },
  }));
}

module.exports = { gatewayCredentialsFactory };
