// Every call the page makes: the API, with the caller's key or token as a bearer credential.
// The credential lives in sessionStorage (gone with the tab), never in a cookie, so no other
// site can make the browser call the API on the caller's behalf.

const KEY = 'previs.credential';

export function credential() {
  return sessionStorage.getItem(KEY);
}

export function setCredential(c) {
  if (c) sessionStorage.setItem(KEY, c); else sessionStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem;
  }
}

function headers(extra) {
  const h = Object.assign({}, extra || {});
  const c = credential();
  if (c) h['Authorization'] = 'Bearer ' + c;
  return h;
}

async function failure(r) {
  let p = null;
  try { p = await r.json(); } catch (e) { /* not a problem document */ }
  return new ApiError(r.status, p);
}

export async function get(path) {
  const r = await fetch(path, { headers: headers({ Accept: 'application/json' }) });
  if (!r.ok) throw await failure(r);
  return r.json();
}

export async function post(path, body) {
  const r = await fetch(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', Accept: 'application/json' }),
    body: body === undefined ? '{}' : JSON.stringify(body),
  });
  if (!r.ok) throw await failure(r);
  return r.status === 204 ? null : r.json();
}

/** Downloads a file the API serves (it needs the credential, so a plain link would not do). */
export async function download(path, fileName) {
  const r = await fetch(path, { headers: headers() });
  if (!r.ok) throw await failure(r);
  const blob = await r.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
}

/**
 * Follows a server-sent event stream with the credential in a header (EventSource cannot send
 * one), calling onEvent with each event's parsed data. Returns a function that stops it.
 */
export function follow(path, onEvent) {
  const ctl = new AbortController();
  (async () => {
    try {
      const r = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal: ctl.signal });
      if (!r.ok || !r.body) return;
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += value;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
          if (data) {
            try { onEvent(JSON.parse(data)); } catch (e) { /* a keep-alive or a partial line */ }
          }
        }
      }
    } catch (e) {
      // aborted, or the stream ended: the caller refreshes by polling meanwhile
    }
  })();
  return () => ctl.abort();
}
