// The Freshdesk ticket sidebar: who the agent and the requester are (Freshworks' data API), a one-time embed URL from
// the gateway through Freshworks' request proxy (config/requests.json adds the secret installation key there, never
// in this page), and the embed page in a frame.
(function () {
  const status = document.getElementById('status');

  function show(message) {
    status.textContent = message;
    status.hidden = false;
  }

  async function open(client) {
    const [user, ticketData, requesterData, iparams] = await Promise.all([
      client.data.get('loggedInUser'),
      client.data.get('ticket'),
      client.data.get('requester'),
      client.iparams.get('installation_id')
    ]);
    const agent = user.loggedInUser.contact || user.loggedInUser;
    const requester = requesterData.requester || {};
    const response = await client.request.invokeTemplate('createEmbedSession', {
      body: JSON.stringify({
        installationId: iparams.installation_id,
        agentEmail: agent.email,
        requesterEmail: requester.email || null,
        requesterPhone: requester.phone || requester.mobile || null,
        requesterName: requester.name || null,
        ticketId: String(ticketData.ticket.id)
      })
    });
    const session = JSON.parse(response.response);
    const frame = document.getElementById('embed');
    frame.src = session.url;
    frame.hidden = false;
    status.hidden = true;
  }

  app.initialized()
    .then(client => client.events.on('app.activated', () => open(client).catch(error => show(describe(error)))))
    .catch(error => show(describe(error)));

  function describe(error) {
    try {
      const problem = JSON.parse(error.response);
      return problem.detail || problem.title || 'The gateway refused to open the chats.';
    } catch {
      return 'The chats cannot be opened (' + (error.status || error.message || 'no answer') + ').';
    }
  }
})();
