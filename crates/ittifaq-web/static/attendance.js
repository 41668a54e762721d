// Attendance on a classroom tablet whose connection comes and goes. The form is
// sent by htmx; when it cannot reach the server (htmx:sendError), the marks are
// kept in this tablet's storage, one entry per session and day (the latest
// wins), and sent again as soon as the browser is back online or the page is
// opened again with a connection. What the server refuses is dropped and said.
(() => {
  // htmx runs this again when it swaps the page in after a save: set up once.
  if (window.ittifaqAttendance) return;
  window.ittifaqAttendance = true;
  const KEY = 'ittifaq-attendance-queue';
  const read = () => {
    try {
      return JSON.parse(localStorage.getItem(KEY) || '[]');
    } catch {
      return [];
    }
  };
  const write = (q) => localStorage.setItem(KEY, JSON.stringify(q));
  const say = (key, cls, extra) => {
    const box = document.getElementById('offline-status');
    if (!box) return;
    box.textContent = box.dataset[key] + (extra ? ' ' + extra : '');
    box.className = cls;
    box.hidden = false;
  };
  const entryOf = (form) => {
    const fields = [...new FormData(form)].map(([k, v]) => [k, String(v)]);
    const day = (fields.find(([k]) => k === 'day') || [])[1] || '';
    return { action: form.getAttribute('action'), day, fields, kept: new Date().toISOString() };
  };
  const keep = (entry) => {
    const q = read().filter((e) => !(e.action === entry.action && e.day === entry.day));
    q.push(entry);
    write(q);
    say('queued', 'warning', `(${q.length})`);
  };
  let flushing = false;
  const flush = async () => {
    if (flushing || !navigator.onLine) return;
    const q = read();
    if (!q.length) return;
    flushing = true;
    const left = [];
    let sent = 0;
    const refused = [];
    for (const e of q) {
      try {
        const r = await fetch(e.action, {
          method: 'POST',
          body: new URLSearchParams(e.fields),
          credentials: 'same-origin',
          headers: { 'HX-Request': 'true' },
        });
        if (r.ok) sent += 1;
        else if (r.status >= 500 || r.status === 401) left.push(e);
        else refused.push(`${e.day}: ${r.status}`);
      } catch {
        left.push(e);
      }
    }
    write(left);
    flushing = false;
    if (refused.length) say('refused', 'error', refused.join(', '));
    else if (!left.length && sent) say('sent', 'notice', `(${sent})`);
  };
  document.addEventListener('htmx:sendError', (ev) => {
    const form = ev.detail.elt.closest('form.attendance');
    if (form) keep(entryOf(form));
  });
  // A refused form (a 4xx page naming the problem) is shown like any answer.
  document.addEventListener('htmx:beforeSwap', (ev) => {
    if (ev.detail.xhr.status >= 400 && ev.detail.elt.closest('form.attendance')) {
      ev.detail.shouldSwap = true;
      ev.detail.isError = false;
    }
  });
  window.addEventListener('online', flush);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', flush);
  else flush();
})();
