// Browser features the console needs that Blazor has no API for. No framework; each function is small.
window.liveChat = (() => {
  let audio = null;
  const notifications = new Map();
  let ownsTabs = false;

  // One tab of the operator rings and notifies: the one holding this Web Lock; when it closes, the next tab takes over.
  if (navigator.locks) {
    navigator.locks.request('livechat-console-ringer', () => { ownsTabs = true; return new Promise(() => {}); });
  } else {
    ownsTabs = true;
  }

  const composers = new WeakMap();

  return {
    storage: {
      get: (key, session) => (session ? sessionStorage : localStorage).getItem(key),
      set: (key, value, session) => {
        const store = session ? sessionStorage : localStorage;
        if (value === null || value === undefined) store.removeItem(key); else store.setItem(key, value);
      },
    },
    setTitle: (title) => { document.title = title; },
    isHidden: () => document.hidden,
    tabs: { owns: () => ownsTabs },
    enableSound: async () => {
      try {
        audio = audio || new (window.AudioContext || window.webkitAudioContext)();
        await audio.resume();
        return audio.state === 'running' ? 'on' : 'off';
      } catch { return 'off'; }
    },
    // Two short tones, drawn with Web Audio: no sound file to download.
    ring: () => {
      if (!audio || audio.state !== 'running') return;
      const now = audio.currentTime;
      [0, 0.22].forEach((offset, i) => {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = i === 0 ? 880 : 660;
        gain.gain.setValueAtTime(0.0001, now + offset);
        gain.gain.exponentialRampToValueAtTime(0.25, now + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.18);
        osc.connect(gain).connect(audio.destination);
        osc.start(now + offset);
        osc.stop(now + offset + 0.2);
      });
      window.__liveChatRings = (window.__liveChatRings || 0) + 1;
    },
    notificationPermission: async (ask) => {
      if (!('Notification' in window)) return 'unsupported';
      if (ask && Notification.permission === 'default') {
        try { return await Notification.requestPermission(); } catch { return Notification.permission; }
      }
      return Notification.permission;
    },
    notify: (tag, title, body) => {
      if (!('Notification' in window) || Notification.permission !== 'granted') return;
      const n = new Notification(title, { body, tag });
      n.onclick = () => { window.focus(); n.close(); };
      notifications.set(tag, n);
    },
    closeNotification: (tag) => { const n = notifications.get(tag); if (n) { n.close(); notifications.delete(tag); } },
    focus: (selector) => { const el = document.querySelector(selector); if (el) el.focus(); },
    blobUrl: (bytes, type) => URL.createObjectURL(new Blob([bytes], { type })),

    // Keyboard shortcuts for the whole workspace; plain keys only outside text fields.
    shortcuts: (dotnet) => {
      const handler = (e) => {
        const inField = e.target && (e.target.tagName === 'TEXTAREA' || e.target.tagName === 'INPUT' || e.target.isContentEditable);
        let name = null;
        if (e.altKey && !e.ctrlKey && !e.metaKey) {
          name = { ArrowDown: 'next', ArrowUp: 'previous', KeyP: 'pickup', KeyC: 'composer', KeyE: 'end', KeyW: 'close', KeyF: 'search' }[e.code] || null;
        } else if (!inField && !e.ctrlKey && !e.metaKey && !e.altKey && e.key === '?') {
          name = 'help';
        } else if (e.key === 'Escape' && !inField) {
          name = 'escape';
        }
        if (name) { e.preventDefault(); dotnet.invokeMethodAsync('OnShortcut', name); }
      };
      document.addEventListener('keydown', handler);
      return { dispose: () => document.removeEventListener('keydown', handler) };
    },

    // The composer: Enter sends (unless the operator prefers Ctrl+Enter), Shift+Enter breaks the line, and while the
    // # picker is open the arrows, Enter, Tab and Escape belong to it.
    composer: {
      attach: (textarea, dotnet, enterSends) => {
        if (composers.has(textarea)) { composers.get(textarea).enterSends = enterSends; return; }
        const state = { enterSends };
        composers.set(textarea, state);
        textarea.addEventListener('keydown', (e) => {
          // The picker is open exactly when its list is on the screen.
          const pickerShown = document.getElementById('canned-picker') !== null;
          if (pickerShown && ['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key)) {
            e.preventDefault();
            dotnet.invokeMethodAsync('OnPickerKey', e.key);
            return;
          }
          const send = e.key === 'Enter' && !e.shiftKey && (state.enterSends ? !e.ctrlKey : e.ctrlKey);
          if (send) { e.preventDefault(); dotnet.invokeMethodAsync('OnSend'); }
        });
      },
      enterSends: (textarea, value) => { const s = composers.get(textarea); if (s) s.enterSends = value; },
      caret: (textarea) => textarea.selectionStart,
      set: (textarea, value, caret) => { textarea.value = value; textarea.setSelectionRange(caret, caret); textarea.focus(); },
    },

    // The transcript: stays at the bottom while the operator is there, keeps its place when older messages are
    // added above, and asks for older ones when scrolled to the top.
    transcript: {
      watch: (el, dotnet) => {
        el.addEventListener('scroll', () => { if (el.scrollTop < 40) dotnet.invokeMethodAsync('OnNearTop'); }, { passive: true });
      },
      atBottom: (el) => el.scrollHeight - el.scrollTop - el.clientHeight < 60,
      toBottom: (el) => { el.scrollTop = el.scrollHeight; },
      height: (el) => el.scrollHeight,
      keep: (el, oldHeight) => { el.scrollTop += el.scrollHeight - oldHeight; },
    },
  };
})();
