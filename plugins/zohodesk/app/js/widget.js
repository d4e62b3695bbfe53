// The Zoho Desk ticket panel: the agent and the ticket's contact through the Zoho Desk SDK, a one-time embed URL from
// the gateway through Zoho's request proxy (the secure installationKey is filled in there, never in this page), and
// the embed page in a frame.
(function () {
  const status = document.getElementById('status');

  function show(message) {
    status.textContent = message;
    status.hidden = false;
  }

  async function open(App) {
    const got = await Promise.all([
      ZOHODESK.get('user.email'),
      ZOHODESK.get('ticket.id'),
      ZOHODESK.get('ticket.email'),
      ZOHODESK.get('ticket.phone'),
      ZOHODESK.get('ticket.contactName')
    ]);
    const value = (answer, key) => (answer && answer[key] !== undefined ? answer[key] : null);
    const params = App.meta.config || {};
    const answer = await ZOHODESK.request({
      url: params.gatewayUrl.replace(/\/$/, '') + '/api/v1/embed/sessions',
      type: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer {{installationKey}}' },
      postBody: JSON.stringify({
        installationId: params.installationId,
        agentEmail: value(got[0], 'user.email'),
        ticketId: String(value(got[1], 'ticket.id')),
        requesterEmail: value(got[2], 'ticket.email'),
        requesterPhone: value(got[3], 'ticket.phone'),
        requesterName: value(got[4], 'ticket.contactName')
      }),
      connectionLinkName: null,
      responseType: 'json'
    });
    const body = typeof answer === 'string' ? JSON.parse(answer) : answer;
    const session = body.response && body.response.statusMessage ? JSON.parse(body.response.statusMessage) : body;
    if (!session.url) {
      show(session.detail || 'The gateway refused to open the chats.');
      return;
    }

    const frame = document.getElementById('embed');
    frame.src = session.url;
    frame.hidden = false;
    status.hidden = true;
  }

  ZOHODESK.extension.onload()
    .then(App => open(App))
    .catch(error => show('The chats cannot be opened (' + (error && (error.message || error.status) || 'no answer') + ').'));
})();
