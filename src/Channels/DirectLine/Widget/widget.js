/* LiveChat Gateway web widget: plain DOM + fetch + WebSocket, speaking Direct Line 3.0. Every text from the
   network is rendered with textContent, never as HTML. See docs/widget.md. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__liveChatWidget) { return; }
  window.__liveChatWidget = true;

  var base = script.src.replace(/\/widget\.js(?:[?#].*)?$/, '');
  var dl = base + '/v3/directline';
  var data = script.dataset;
  var cfg = {
    title: data.title || 'Chat with us',
    color: /^#[0-9a-fA-F]{3,8}$/.test(data.color || '') ? data.color : '#2563eb',
    department: data.department || null,
    open: data.open === 'true',
    page: data.mode === 'page'
  };
  var STORE = 'livechat.directline';
  var session = load();
  var seen = Object.create(null);
  var pending = Object.create(null);
  var shown = Object.create(null);
  var socket = null, pollTimer = null, refreshTimer = null, typingTimer = null, lastTyping = 0, wsFailures = 0, stopped = false;

  // ---- DOM -----------------------------------------------------------------------------------------------
  var host = document.createElement('div');
  host.setAttribute('data-livechat-widget', '');
  var root = host.attachShadow({ mode: 'open' });
  root.appendChild(el('style', null, css()));
  var launcher = el('button', { type: 'button', 'class': 'launcher', 'aria-expanded': 'false', 'aria-controls': 'lc-panel', 'aria-label': 'Open chat: ' + cfg.title }, cfg.title);
  var panel = el('section', { id: 'lc-panel', 'class': 'panel', role: 'dialog', 'aria-label': cfg.title, hidden: '' });
  var header = el('header', null);
  header.appendChild(el('h2', null, cfg.title));
  var close = el('button', { type: 'button', 'class': 'close', 'aria-label': 'Close chat' }, '\u00d7');
  header.appendChild(close);
  panel.appendChild(header);

  var form = el('form', { 'class': 'prechat', novalidate: '' });
  form.appendChild(field('name', 'Your name', 'input', { type: 'text', autocomplete: 'name', required: '' }));
  form.appendChild(field('email', 'Email', 'input', { type: 'email', autocomplete: 'email' }));
  form.appendChild(field('question', 'How can we help?', 'textarea', { rows: '3', required: '' }));
  var formError = el('p', { 'class': 'error', role: 'alert' });
  form.appendChild(formError);
  form.appendChild(el('button', { type: 'submit', 'class': 'primary' }, 'Start chat'));
  panel.appendChild(form);

  var chat = el('div', { 'class': 'chat', hidden: '' });
  var log = el('div', { 'class': 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', tabindex: '0' });
  var typing = el('p', { 'class': 'typing', 'aria-live': 'polite' });
  var human = el('button', { type: 'button', 'class': 'human', hidden: '' }, 'Talk to a human');
  var compose = el('form', { 'class': 'compose' });
  compose.appendChild(el('label', { 'for': 'lc-input', 'class': 'sr' }, 'Message'));
  var input = el('textarea', { id: 'lc-input', rows: '2', placeholder: 'Type a message\u2026' });
  compose.appendChild(input);
  compose.appendChild(el('button', { type: 'submit', 'class': 'primary' }, 'Send'));
  var status = el('p', { 'class': 'status', role: 'status' });
  chat.appendChild(log); chat.appendChild(typing); chat.appendChild(human); chat.appendChild(compose); chat.appendChild(status);
  panel.appendChild(chat);

  if (!cfg.page) { root.appendChild(launcher); }
  root.appendChild(panel);
  (document.body || document.documentElement).appendChild(host);

  launcher.addEventListener('click', function () { setOpen(panel.hidden); });
  close.addEventListener('click', function () { setOpen(false); });
  panel.addEventListener('keydown', function (e) { if (e.key === 'Escape' && !cfg.page) { setOpen(false); } });
  form.addEventListener('submit', function (e) { e.preventDefault(); start(); });
  compose.addEventListener('submit', function (e) { e.preventDefault(); sendText(); });
  human.addEventListener('click', askForHuman);
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); sendText(); } else { sendTyping(); }
  });

  if (cfg.open || cfg.page) { setOpen(true); }
  if (session) { resume(); }

  // ---- conversation --------------------------------------------------------------------------------------
  function start() {
    var name = value('name'), email = value('email'), question = value('question');
    if (!name || !question) { formError.textContent = 'Please enter your name and your question.'; return; }
    formError.textContent = '';
    form.querySelector('button[type=submit]').disabled = true;
    post(base + '/widget/token', null, {}).then(function (t) {
      session = { conversationId: t.conversationId, token: t.token, userId: userOf(t.token), name: name, watermark: '' };
      return post(dl + '/conversations', session.token, { user: { id: session.userId, name: name } });
    }).then(function (conversation) {
      save();
      showChat();
      connect(conversation.streamUrl);
      scheduleRefresh();
      return send({
        type: 'message', text: question,
        channelData: { visitor: {
          name: name, email: email || undefined, question: question, page: location.href, pageTitle: document.title,
          referrer: document.referrer || undefined, language: navigator.language, departmentId: cfg.department || undefined } }
      });
    }).catch(function () {
      form.querySelector('button[type=submit]').disabled = false;
      formError.textContent = 'The chat could not start. Please try again in a moment.';
    });
  }

  function resume() {
    showChat();
    get(dl + '/conversations/' + encodeURIComponent(session.conversationId) + '?watermark=' + encodeURIComponent(session.watermark || ''), session.token)
      .then(function (c) { session.token = c.token || session.token; save(); connect(c.streamUrl); scheduleRefresh(); })
      .catch(function (e) { if (e.status === 403 || e.status === 404 || e.status === 401) { reset(); } else { setStatus('Reconnecting\u2026'); later(resume, 5000); } });
  }

  function reset() {
    stopped = true; session = null; save();
    if (socket) { socket.close(); }
    chat.hidden = true; human.hidden = true; form.hidden = false; form.querySelector('button[type=submit]').disabled = false;
  }

  function connect(streamUrl) {
    if (!streamUrl || typeof WebSocket === 'undefined' || wsFailures >= 3) { startPolling(); return; }
    var opened = false;
    socket = new WebSocket(streamUrl);
    socket.onopen = function () { opened = true; wsFailures = 0; setStatus(''); };
    socket.onmessage = function (e) { if (e.data) { receive(JSON.parse(e.data)); } };
    socket.onclose = function () {
      socket = null;
      if (stopped) { return; }
      if (!opened) { wsFailures++; }
      later(reconnect, 1000 + Math.random() * 2000);
    };
  }

  function reconnect() {
    get(dl + '/conversations/' + encodeURIComponent(session.conversationId) + '?watermark=' + encodeURIComponent(session.watermark || ''), session.token)
      .then(function (c) { session.token = c.token || session.token; save(); connect(c.streamUrl); })
      .catch(function (e) { if (e.status === 403 || e.status === 404) { setStatus('This chat has ended.'); } else { later(reconnect, 5000); } });
  }

  function startPolling() {
    if (pollTimer) { return; }
    var poll = function () {
      get(dl + '/conversations/' + encodeURIComponent(session.conversationId) + '/activities?watermark=' + encodeURIComponent(session.watermark || ''), session.token)
        .then(receive, function () {}).then(function () { if (!stopped) { pollTimer = later(poll, 1500); } });
    };
    poll();
  }

  function scheduleRefresh() {
    clearInterval(refreshTimer);
    refreshTimer = setInterval(function () {
      post(dl + '/tokens/refresh', session.token, null).then(function (r) { session.token = r.token; save(); }, function () {});
    }, 15 * 60 * 1000);
  }

  function receive(set) {
    if (!set || !set.activities) { return; }
    set.activities.forEach(function (a) {
      if (a.type === 'messageUpdate' || a.type === 'messageDelete') { change(a); return; }
      if (!a.id || seen[a.id]) { return; }
      seen[a.id] = true;
      if (a.type === 'typing') { if (!mine(a)) { showTyping(a); } return; }
      // chat.state: who answers now; the "Talk to a human" button is there while a bot does.
      if (a.type === 'event' && a.name === 'chat.state') { showHuman(!!a.value && a.value.state === 'bot'); return; }
      if (a.type !== 'message') { return; }
      var clientId = a.channelData && a.channelData.clientActivityID;
      if (clientId && pending[clientId]) { pending[clientId].remove(); delete pending[clientId]; }
      typing.textContent = '';
      shown[a.id] = render(a, mine(a) ? 'mine' : 'theirs');
    });
    if (set.watermark != null) { session.watermark = set.watermark; save(); }
  }

  function sendText() {
    var text = input.value.trim();
    if (!text) { return; }
    input.value = '';
    send({ type: 'message', text: text });
  }

  function send(activity) {
    var clientId = 'w' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    activity.from = { id: session.userId, name: session.name };
    activity.channelData = Object.assign({ clientActivityID: clientId }, activity.channelData || {});
    activity.locale = navigator.language;
    var bubble = render({ text: activity.text, from: activity.from }, 'mine pending');
    pending[clientId] = bubble;
    return post(dl + '/conversations/' + encodeURIComponent(session.conversationId) + '/activities', session.token, activity)
      .catch(function () { bubble.classList.add('failed'); bubble.querySelector('.meta').textContent = 'Not sent'; });
  }

  // The bot edited or withdrew a message it sent.
  function change(a) {
    var old = shown[a.id];
    if (!old) { return; }
    if (a.type === 'messageDelete') { old.remove(); delete shown[a.id]; return; }
    shown[a.id] = bubble(a, 'theirs');
    old.replaceWith(shown[a.id]);
  }

  function askForHuman() {
    human.disabled = true;
    post(dl + '/conversations/' + encodeURIComponent(session.conversationId) + '/activities', session.token,
      { type: 'event', name: 'handoff.request', from: { id: session.userId, name: session.name } })
      .then(function () { input.focus(); }, function () { human.disabled = false; setStatus('Please try again in a moment.'); });
  }

  function showHuman(on) {
    if (!on && root.activeElement === human) { input.focus(); }
    human.hidden = !on; human.disabled = false;
  }

  function sendTyping() {
    var now = Date.now();
    if (!session || now - lastTyping < 3000) { return; }
    lastTyping = now;
    post(dl + '/conversations/' + encodeURIComponent(session.conversationId) + '/activities', session.token,
      { type: 'typing', from: { id: session.userId, name: session.name } }).catch(function () {});
  }

  // ---- rendering (textContent only) ----------------------------------------------------------------------
  function render(a, kind) {
    var item = bubble(a, kind);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function bubble(a, kind) {
    var item = el('div', { 'class': 'msg ' + kind });
    var who = kind.indexOf('mine') === 0 ? 'You' : (a.from && a.from.name) || 'Support';
    item.appendChild(el('span', { 'class': 'meta' }, who));
    if (a.text) { item.appendChild(el('p', { 'class': 'text' }, a.text)); }
    (a.attachments || []).forEach(function (att) {
      var url = att.contentUrl || '';
      if (/^https?:/i.test(url)) {
        item.appendChild(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', 'class': 'file' }, att.name || 'Attachment'));
      } else {
        item.appendChild(el('span', { 'class': 'file' }, att.name || 'Attachment'));
      }
    });
    return item;
  }

  function showTyping(a) {
    typing.textContent = ((a.from && a.from.name) || 'Support') + ' is typing\u2026';
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typing.textContent = ''; }, 4000);
  }

  function showChat() { form.hidden = true; chat.hidden = false; if (!panel.hidden) { input.focus(); } }

  function setOpen(open) {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    if (open) { (chat.hidden ? form.querySelector('input') : input).focus(); } else if (!cfg.page) { launcher.focus(); }
  }

  function setStatus(text) { status.textContent = text; }

  function mine(a) { return !!(a.from && session && a.from.id === session.userId); }

  // ---- helpers -------------------------------------------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) { node.textContent = String(text); }
    return node;
  }

  function field(id, label, tag, attrs) {
    var wrap = el('div', { 'class': 'field' });
    wrap.appendChild(el('label', { 'for': 'lc-' + id }, label));
    attrs.id = 'lc-' + id; attrs.name = id;
    wrap.appendChild(el(tag, attrs));
    return wrap;
  }

  function value(id) { return root.getElementById('lc-' + id).value.trim(); }

  function request(method, url, token, body) {
    var headers = { 'Accept': 'application/json' };
    if (token) { headers.Authorization = 'Bearer ' + token; }
    if (body != null) { headers['Content-Type'] = 'application/json'; }
    return fetch(url, { method: method, headers: headers, body: body == null ? undefined : JSON.stringify(body), mode: 'cors', credentials: 'omit' })
      .then(function (r) {
        if (!r.ok) { var e = new Error('HTTP ' + r.status); e.status = r.status; throw e; }
        return r.json();
      });
  }

  function post(url, token, body) { return request('POST', url, token, body); }
  function get(url, token) { return request('GET', url, token, null); }
  function later(fn, ms) { return setTimeout(fn, ms); }

  function userOf(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part + '==='.slice((part.length + 3) % 4))).user;
    } catch (e) { return 'dl_' + Math.random().toString(36).slice(2, 12); }
  }

  function load() {
    try { return JSON.parse(sessionStorage.getItem(STORE) || 'null'); } catch (e) { return null; }
  }

  function save() {
    try { if (session) { sessionStorage.setItem(STORE, JSON.stringify(session)); } else { sessionStorage.removeItem(STORE); } } catch (e) { /* storage disabled */ }
  }

  function css() {
    var c = cfg.color;
    return [
      ':host{all:initial;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;color:#0f172a}',
      '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;background:' + c + ';color:#fff;border:0;border-radius:24px;padding:12px 20px;font:inherit;font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.2)}',
      'button:focus-visible,input:focus-visible,textarea:focus-visible,.log:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}',
      '.panel{position:fixed;right:20px;bottom:80px;z-index:2147483000;width:360px;max-width:calc(100vw - 40px);height:520px;max-height:calc(100vh - 100px);background:#fff;border-radius:12px;box-shadow:0 10px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}',
      cfg.page ? '.panel{inset:0;width:auto;max-width:none;height:auto;max-height:none;border-radius:0}' : '',
      '.panel[hidden],.chat[hidden],.prechat[hidden]{display:none}',
      'header{display:flex;align-items:center;justify-content:space-between;background:' + c + ';color:#fff;padding:10px 14px}',
      'h2{margin:0;font-size:16px}',
      '.close{background:none;border:0;color:#fff;font-size:22px;cursor:pointer;line-height:1}',
      '.prechat{padding:16px;display:flex;flex-direction:column;gap:10px;overflow:auto}',
      '.field{display:flex;flex-direction:column;gap:4px}label{font-weight:600}',
      'input,textarea{font:inherit;padding:8px;border:1px solid #94a3b8;border-radius:6px;resize:vertical}',
      '.primary{background:' + c + ';color:#fff;border:0;border-radius:6px;padding:9px 14px;font:inherit;font-weight:600;cursor:pointer}',
      '.primary:disabled{opacity:.6}',
      '.error{color:#b91c1c;margin:0;min-height:1em}',
      '.chat{display:flex;flex-direction:column;flex:1;min-height:0}',
      '.log{flex:1;overflow:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f8fafc}',
      '.msg{max-width:80%;padding:8px 10px;border-radius:10px;background:#e2e8f0;align-self:flex-start;white-space:pre-wrap;overflow-wrap:anywhere}',
      '.msg.mine{align-self:flex-end;background:' + c + ';color:#fff}',
      '.msg.pending{opacity:.7}.msg.failed{outline:2px solid #b91c1c}',
      '.meta{display:block;font-size:11px;opacity:.8;margin-bottom:2px}.text{margin:0}.file{display:block;color:inherit}',
      '.typing{margin:0;padding:0 12px;min-height:18px;font-size:12px;color:#475569}',
      '.human{align-self:center;margin:4px 0 0;background:#fff;color:' + c + ';border:1px solid ' + c + ';border-radius:16px;padding:5px 14px;font:inherit;cursor:pointer}.human[hidden]{display:none}',
      '.compose{display:flex;gap:8px;padding:10px;border-top:1px solid #e2e8f0}.compose textarea{flex:1}',
      '.status{margin:0;padding:0 12px 6px;font-size:12px;color:#475569;min-height:0}',
      '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}'
    ].join('\n');
  }
})();
