// Drives the real botframework-directlinejs client against the gateway. Driven by
// tests/Gateway.Tests/DirectLine/DirectLineInteropTests.cs; reports JSON lines on stdout.
// env: DL_DOMAIN (…/v3/directline), DL_TOKEN, DL_WEBSOCKET (true|false), DL_TEXT, DL_EXPECT (reply text to wait for)
'use strict';
global.XMLHttpRequest = require('xhr2');
global.WebSocket = require('ws');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const report = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const deadline = setTimeout(() => { report({ event: 'timeout' }); process.exit(2); }, 30000);

const directLine = new DirectLine({
  token: process.env.DL_TOKEN,
  domain: process.env.DL_DOMAIN,
  webSocket: process.env.DL_WEBSOCKET === 'true',
  pollingInterval: 200,
});

let posted = false;
directLine.connectionStatus$.subscribe((status) => {
  report({ event: 'status', status: ConnectionStatus[status] });
  if (status === ConnectionStatus.Online && !posted) {
    posted = true;
    directLine.postActivity({
      type: 'message', from: { id: 'r_node', name: 'Node Visitor' }, text: process.env.DL_TEXT,
      channelData: { clientActivityID: 'node-' + Date.now() },
    }).subscribe(
      (id) => report({ event: 'posted', id }),
      (error) => { report({ event: 'error', message: String(error && error.message || error) }); process.exit(1); });
  }
});

directLine.activity$.subscribe(
  (activity) => {
    report({ event: 'activity', id: activity.id, type: activity.type, name: activity.name, text: activity.text, from: activity.from,
      clientActivityID: activity.channelData && activity.channelData.clientActivityID });
    if (activity.text === process.env.DL_EXPECT) {
      clearTimeout(deadline);
      report({ event: 'done' });
      directLine.end();
      setTimeout(() => process.exit(0), 100);
    }
  },
  (error) => { report({ event: 'error', message: String(error && error.message || error) }); process.exit(1); });
