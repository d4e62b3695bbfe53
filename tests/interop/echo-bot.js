// A real botbuilder (4.23) bot for tests/Gateway.Tests/Bots: CloudAdapter with ConfigurationBotFrameworkAuthentication
// configured by the environment alone (process.env, as botbuilder's samples do), on 127.0.0.1, port PORT or a random one.
// Without MicrosoftAppId it is anonymous; with the settings of docs/bots.md it authenticates against the gateway (and
// gateway-credentials.js adds the one MSAL option configuration cannot carry).
// It welcomes the customer when the conversation starts (onMembersAdded), echoes messages, asks for a human
// (handoff.initiate with a Transcript) when the user writes "human", and prints one JSON line per event:
// {"event":"listening","port":...} then {"event":"received",...}.
// With --broken its message handler throws and nothing catches it (no onTurnError), so CloudAdapter answers 500:
// a bot with a bug. Its welcome still works.
const http = require('http');
const {
  ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, EventFactory,
} = require('botbuilder');

const broken = process.argv.includes('--broken');
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const { gatewayCredentialsFactory } = require('./gateway-credentials');

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(process.env, gatewayCredentialsFactory()));
if (!broken) {
  adapter.onTurnError = async (context, error) => print({ event: 'turnError', message: String(error && error.message) });
}

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onTurn(async (context, next) => {
      const a = context.activity;
      print({
        event: 'received', type: a.type, name: a.name || null, text: a.text || null, value: a.value || null,
        membersAdded: a.membersAdded || null, conversationId: a.conversation && a.conversation.id,
        serviceUrl: a.serviceUrl, channelId: a.channelId,
      });
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded) {
        if (member.id !== context.activity.recipient.id) {
          await context.sendActivity(`Welcome, ${member.name || 'there'}! I am the echo bot; write "human" for a person.`);
        }
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const a = context.activity;
      if (broken) throw new Error('The message handler has a bug.');
      if ((a.text || '').trim().toLowerCase() === 'human') {
        await context.sendActivity('Connecting you to a human.');
        const handoff = EventFactory.createHandoffInitiation(context, { skill: 'support' }, { activities: [a] });
        await context.sendActivity(handoff);
        print({ event: 'handoffSent', conversationId: a.conversation.id });
      } else {
        await context.sendActivity(`Echo: ${a.text}`);
      }
      await next();
    });
  }
}

const bot = new EchoBot();
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', async () => {
    const request = { method: req.method, headers: req.headers, body: body ? JSON.parse(body) : {} };
    let status = 200;
    const response = {
      socket: req.socket,
      status(code) { status = code; return this; },
      header(name, value) { res.setHeader(name, value); return this; },
      send(payload) {
        res.statusCode = status;
        if (payload !== undefined && payload !== null) res.write(typeof payload === 'string' ? payload : JSON.stringify(payload));
        return this;
      },
      end() { res.statusCode = status; res.end(); return this; },
    };
    try {
      await adapter.process(request, response, (context) => bot.run(context));
    } catch (error) {
      print({ event: 'processError', message: String(error && error.message) });
      if (!res.writableEnded) { res.statusCode = 500; res.end(); }
    }
  });
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => print({ event: 'listening', port: server.address().port }));
