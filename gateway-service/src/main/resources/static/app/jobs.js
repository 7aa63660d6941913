// Jobs: filters, a new-shot form, and the list with live progress (each active job's event
// stream refreshes its row as its shards step).
import * as api from './api.js';
import { t } from './i18n.js';
import { h, toast, errorToast, can, caller } from './dom.js';

const STATUSES = ['accepted', 'held', 'rejected', 'encoding', 'rendering', 'postprocessing', 'qc', 'completed', 'failed', 'cancelled'];
const MAX_STREAMS = 8;
const TERMINAL = ['COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED'];

export function statusText(s) {
  return t('status.' + String(s || '').toLowerCase());
}

function field(id, label, input) {
  input.id = id;
  input.name = id;
  return h('div', { class: 'field' }, h('label', { for: id, text: label }), input);
}

function filtersForm(state, reload) {
  const status = h('select', {}, h('option', { value: '', text: t('jobs.any') }), STATUSES.map(s => h('option', { value: s, text: statusText(s) })));
  status.value = state.status || '';
  const seq = h('input', { type: 'text', value: state.sequence || '' });
  const show = h('input', { type: 'text', value: state.show || '' });
  const since = h('input', { type: 'date', value: state.since || '' });
  const text = h('input', { type: 'search', value: state.q || '' });
  const form = h('form', { class: 'filters', 'aria-label': t('jobs.filters') },
    field('f-status', t('jobs.status'), status), field('f-sequence', t('jobs.sequence'), seq),
    field('f-show', t('jobs.show'), show), field('f-since', t('jobs.since'), since),
    field('f-text', t('jobs.text'), text), h('button', { type: 'submit', text: t('jobs.apply') }));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    Object.assign(state, { status: status.value, sequence: seq.value.trim(), show: show.value.trim(), since: since.value, q: text.value.trim() });
    reload();
  });
  return form;
}

function submitForm(reload) {
  const shot = h('input', { type: 'text', required: true, maxlength: 128, value: 'sh' + String(Date.now() % 1000).padStart(3, '0') });
  const prompt = h('textarea', { required: true, rows: 2 });
  const seq = h('input', { type: 'text' });
  const variants = h('input', { type: 'number', min: 1, max: 8, value: 2 });
  const frames = h('input', { type: 'number', min: 1, value: 17 });
  const size = h('input', { type: 'text', value: '320x192', pattern: '\\d+x\\d+' });
  const steps = h('input', { type: 'number', min: 1, max: 100, value: 8 });
  const form = h('form', { class: 'card', id: 'submit-form' },
    field('s-shot', t('submit.shot'), shot), field('s-prompt', t('submit.prompt'), prompt),
    field('s-sequence', t('submit.sequence'), seq), field('s-variants', t('submit.variants'), variants),
    field('s-frames', t('submit.frames'), frames), field('s-size', t('submit.size'), size),
    field('s-steps', t('submit.steps'), steps), h('button', { type: 'submit', id: 'submit-shot', text: t('submit.go') }));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const [w, hh] = size.value.split('x').map(Number);
    const body = {
      studio: caller().studio || 'local', clientJobId: shot.value.trim(), prompt: prompt.value,
      variants: Number(variants.value), frames: Number(frames.value), width: w, height: hh, steps: Number(steps.value),
    };
    if (seq.value.trim()) body.labels = { sequence: seq.value.trim() };
    try {
      const r = await api.post('/v1/jobs', body);
      toast(t('submit.done', body.clientJobId + (r.jobId ? ' (' + r.jobId + ')' : '')));
      reload();
    } catch (e) {
      const errors = e.problem && e.problem.errors;
      toast(t('error', errors ? errors.map(x => x.field + ': ' + x.message).join('; ') : e.message), true);
    }
  });
  return h('details', { class: 'submit' }, h('summary', { text: t('submit.title') }), form);
}

function queueText(j) {
  const q = j.scheduling && j.scheduling.queue;
  if (!q) return '';
  const parts = [t('jobs.position', q.position, q.priority)];
  if (q.estimatedFinish) parts.push(t('jobs.eta', new Date(q.estimatedFinish).toLocaleTimeString()));
  if (q.blockedBy) parts.push(q.blockedBy);
  return parts.join(' · ');
}

function row(j, reload) {
  const pct = Math.round((j.progress || 0) * 100);
  const terminal = TERMINAL.includes(j.status);
  const cancel = !terminal && (can('submitter') || can('ops'))
    ? h('button', { type: 'button', class: 'small', 'aria-label': t('jobs.cancel') + ' ' + j.clientJobId, text: t('jobs.cancel'),
      onclick: async () => { try { await api.post('/v1/jobs/' + j.jobId + '/cancel'); toast(t('jobs.cancelled', j.clientJobId)); reload(); } catch (e) { errorToast(e); } } })
    : null;
  return h('tr', { 'data-job': j.jobId, 'data-status': String(j.status).toLowerCase() },
    h('td', {}, h('a', { href: '#/jobs/' + encodeURIComponent(j.jobId), text: j.clientJobId || j.jobId })),
    h('td', { class: 'status', text: statusText(j.status) }),
    h('td', {}, h('progress', { max: 100, value: pct, 'aria-label': t('jobs.progress') + ' ' + (j.clientJobId || '') }), h('span', { class: 'pct', text: ' ' + pct + ' %' }),
      h('div', { class: 'step', 'data-step': '' })),
    h('td', { text: queueText(j) }),
    h('td', { text: ((j.usage && j.usage.deviceSeconds) || 0).toFixed(1) }),
    h('td', { text: j.submittedAt ? new Date(j.submittedAt).toLocaleString() : '' }),
    h('td', {}, cancel));
}

export function jobsView(main) {
  const state = { status: '', sequence: '', show: '', since: '', q: '' };
  const streams = new Map();
  const lastStep = new Map(); // a row re-rendered keeps the step its stream last reported
  const tbody = h('tbody');
  let timer = null;
  let stopped = false;
  const table = h('table', { class: 'jobs', 'aria-label': t('jobs.title') },
    h('thead', {}, h('tr', {}, ['jobs.shot', 'jobs.status', 'jobs.progress', 'jobs.queue', 'jobs.gpu', 'jobs.submitted', 'jobs.actions'].map(k => h('th', { scope: 'col', text: t(k) })))),
    tbody);

  async function reload() {
    const p = new URLSearchParams({ limit: '50' });
    if (state.status) p.set('status', state.status);
    if (state.sequence) p.append('label', 'sequence:' + state.sequence);
    if (state.show) p.append('label', 'show:' + state.show);
    if (state.since) p.set('since', state.since);
    if (state.q) p.set('q', state.q);
    try {
      const page = await api.get('/v1/jobs?' + p);
      if (stopped) return;
      tbody.replaceChildren(...(page.jobs.length ? page.jobs.map(j => withStep(row(j, reload), j.jobId)) : [h('tr', {}, h('td', { colspan: 7, text: t('jobs.none') }))]));
      follow(page.jobs);
    } catch (e) { errorToast(e); }
  }

  async function refreshRow(jobId) {
    try {
      const r = await api.get('/v1/jobs/' + jobId);
      const old = tbody.querySelector(`tr[data-job="${jobId}"]`);
      if (old && !stopped) old.replaceWith(withStep(row(r.job, reload), jobId));
    } catch (e) { /* the next event or poll refreshes it */ }
  }

  function withStep(tr, jobId) {
    const step = tr.querySelector('[data-step]');
    if (step && lastStep.has(jobId)) step.textContent = lastStep.get(jobId);
    return tr;
  }

  function follow(jobs) {
    const active = jobs.filter(j => !TERMINAL.includes(j.status)).slice(0, MAX_STREAMS);
    const ids = new Set(active.map(j => j.jobId));
    for (const [id, stop] of streams) if (!ids.has(id)) { stop(); streams.delete(id); }
    for (const j of active) {
      if (streams.has(j.jobId)) continue;
      let pending = null;
      streams.set(j.jobId, api.follow('/v1/jobs/' + j.jobId + '/events', e => {
        const tr = tbody.querySelector(`tr[data-job="${j.jobId}"]`);
        if (e.progress && e.shard) {
          lastStep.set(j.jobId, `shot ${e.shard.shot} take ${e.shard.variant + 1}: step ${e.progress.step}/${e.progress.steps}`);
          if (tr) tr.querySelector('[data-step]').textContent = lastStep.get(j.jobId);
        }
        if (!pending) pending = setTimeout(() => { pending = null; refreshRow(j.jobId); }, 250);
      }));
    }
  }

  main.append(h('h1', { text: t('jobs.title') }), filtersForm(state, reload), can('submitter') ? submitForm(reload) : null, table);
  reload();
  timer = setInterval(reload, 5000);
  return () => { stopped = true; clearInterval(timer); streams.forEach(s => s()); };
}
