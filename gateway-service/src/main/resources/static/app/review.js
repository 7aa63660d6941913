// Review: a shot's takes side by side — the clip playing, QC's series over its timeline with the
// findings marked — and the director's actions: approve, select, more like this, reject with edits.
import * as api from './api.js';
import { t } from './i18n.js';
import { h, toast, errorToast, can } from './dom.js';
import { qcPlot } from './plot.js';
import { statusText } from './jobs.js';

function shardLines(job) {
  return Object.entries(job.shards || {}).sort().map(([id, s]) =>
    h('li', { 'data-shard': id, text: `shot ${s.shot} take ${s.variant + 1}: ${s.state} ${s.step}/${s.steps}` + (s.expert ? ' (' + s.expert + ')' : '') }));
}

function rejectForm(job, variant, done) {
  const shot = job.spec.shots[0];
  const note = h('textarea', { id: `note-${variant}`, rows: 2 });
  const byForm = !!shot.form;
  const change = h('input', { id: `edit-${variant}`, type: 'text', value: byForm ? (shot.form.camera || '') : shot.prompt });
  const form = h('form', { class: 'reject', 'data-reject': variant },
    h('label', { for: `note-${variant}`, text: t('review.note') }), note,
    h('label', { for: `edit-${variant}`, text: byForm ? t('review.camera') : t('review.newPrompt') }), change,
    h('button', { type: 'submit', text: t('review.send') }),
    h('button', { type: 'button', text: t('review.close'), onclick: () => form.remove() }));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const edit = byForm ? { form: { camera: change.value } } : { prompt: change.value };
    if (job.spec.shots.length > 1) edit.shot = 0;
    try {
      const r = await api.post(`/v1/jobs/${job.jobId}/variants/${variant}/reject-with-edits`, { note: note.value, edit });
      toast(t('review.versionMade', String(r.version).padStart(3, '0'), r.clientJobId));
      form.remove();
      done();
    } catch (e) {
      const errors = e.problem && e.problem.errors;
      toast(t('error', errors ? errors.map(x => x.field + ': ' + x.message).join('; ') : e.message), true);
    }
  });
  return form;
}

function takeCard(job, links, variant, reload) {
  const out = (job.outputs || []).find(o => o.variant === variant);
  const chosen = job.selected && job.selected.variant === variant;
  const card = h('section', { class: 'take' + (chosen ? ' chosen' : ''), 'data-take': variant, 'aria-labelledby': `take-${variant}` },
    h('h3', { id: `take-${variant}`, text: t('review.take', variant + 1) + (chosen ? ' · ' + t('review.selected') : '') }));
  if (links && links.verdict) card.appendChild(h('p', { class: 'verdict ' + links.verdict.toLowerCase(), text: t('review.verdict', links.verdict) }));
  if (links && links.video) {
    card.appendChild(h('video', { src: links.video, poster: links.poster, controls: true, preload: 'metadata', muted: true, 'aria-label': t('review.take', variant + 1) }));
  } else if (links && links.held) {
    card.appendChild(h('p', { class: 'held', text: t('review.withheld', links.held) }));
  } else {
    card.appendChild(h('p', { class: 'help', text: t('review.waiting') }));
  }
  const plot = h('div', { class: 'plot', 'data-plot': variant });
  card.appendChild(plot);
  if (out && out.reportKey) {
    api.get(`/v1/jobs/${job.jobId}/variants/${variant}/qc`).then(report => {
      plot.appendChild(qcPlot(report, t('review.plot')));
      const bad = (report.findings || []).filter(f => ['warning', 'critical'].includes(String(f.severity).toLowerCase()));
      plot.appendChild(h('details', {}, h('summary', { text: t('review.findings') + ' (' + bad.length + ')' }),
        bad.length ? h('ul', {}, bad.map(f => h('li', { text: `${f.check} · frames ${f.firstFrame}–${f.lastFrame}: ${f.message}` }))) : h('p', { text: t('review.noFindings') })));
    }).catch(() => {});
  }
  if (can('reviewer') && out && out.videoKey) {
    const act = (label, fn) => h('button', { type: 'button', 'data-action': label, onclick: async () => { try { await fn(); } catch (e) { errorToast(e); } } , text: t('review.' + label) });
    card.appendChild(h('div', { class: 'actions' },
      act('approve', async () => { await api.post(`/v1/jobs/${job.jobId}/variants/${variant}/review`, { decision: 'approved' }); toast(t('review.approved', variant + 1)); reload(); }),
      act('select', async () => { const r = await api.post(`/v1/jobs/${job.jobId}/variants/${variant}/select`, {}); toast(t('review.selectedToast', variant + 1, r.shot)); reload(); }),
      act('more', async () => { const r = await api.post(`/v1/jobs/${job.jobId}/variants/${variant}/more-like-this`, { variants: 2 }); toast(t('review.moreMade', variant + 1, r.clientJobId || r.jobId)); }),
      act('reject', async () => { if (!card.querySelector('form.reject')) card.appendChild(rejectForm(job, variant, reload)); card.querySelector('form.reject textarea').focus(); })));
  }
  return card;
}

export function reviewView(main, jobId) {
  let stop = () => {};
  let stopped = false;
  const head = h('div');
  const shards = h('ul', { class: 'shards', 'aria-live': 'polite' });
  const takes = h('div', { class: 'takes' });
  const sheets = h('div', { class: 'sheets' });
  main.append(head, h('h2', { text: t('review.shards') }), shards, takes, sheets);

  async function reload() {
    try {
      const r = await api.get('/v1/jobs/' + encodeURIComponent(jobId));
      if (stopped) return;
      const job = r.job;
      const versions = (job.versions || []).map(v => h('li', {}, h('a', { href: '#/jobs/' + v.jobId, 'data-version': v.version, text: 'v' + String(v.version).padStart(3, '0') + ' · ' + v.clientJobId })));
      const parent = job.spec && job.spec.labels && job.spec.labels['previs.version.parent'];
      head.replaceChildren(
        h('h1', { text: t('review.title') + ': ' + (job.clientJobId || job.jobId) }),
        h('p', { class: 'status', 'data-status': String(job.status).toLowerCase(), text: statusText(job.status) + ' · ' + Math.round(job.progress * 100) + ' %' }),
        job.spec ? h('p', {}, h('strong', { text: t('review.prompt') + ': ' }), job.spec.shots.map(s => s.prompt).join(' / ')) : null,
        versions.length || parent ? h('nav', { 'aria-label': t('review.versions') }, h('ul', { class: 'versions' },
          parent ? h('li', {}, h('a', { href: '#/jobs/' + parent, text: '← ' + parent })) : null, versions)) : null);
      shards.replaceChildren(...shardLines(job));
      const links = new Map((r.downloads || []).map(d => [d.variant, d]));
      const n = job.spec ? job.spec.variants : 0;
      // The takes are drawn again only when what they show changed (a clip playing is not
      // restarted by an unrelated event), and never under a rejection being written.
      const shown = JSON.stringify([job.outputs, job.reviews, job.selected,
        (r.downloads || []).map(d => [d.variant, d.verdict, d.held, !!d.video])]);
      if (shown !== takes.dataset.shown && !takes.querySelector('form.reject')) {
        takes.dataset.shown = shown;
        takes.replaceChildren(...Array.from({ length: n }, (_, v) => takeCard(job, links.get(v), v, reload)));
      }
      const art = Object.entries(r.artifacts || {}).filter(([name]) => name.startsWith('contactSheet'));
      sheets.replaceChildren(...(art.length ? [h('h2', { text: t('review.sheet') }),
        ...art.map(([name, link]) => h('img', { src: link, alt: t('review.sheet') + ' ' + name.replace('contactSheet.', ''), 'data-sheet': name }))] : []));
    } catch (e) { errorToast(e); }
  }

  reload();
  let pending = null;
  stop = api.follow('/v1/jobs/' + encodeURIComponent(jobId) + '/events', e => {
    if (e.progress && e.shard) {
      const li = shards.querySelector(`[data-shard="${e.shard.shardId}"]`);
      const line = `shot ${e.shard.shot} take ${e.shard.variant + 1}: rendering ${e.progress.step}/${e.progress.steps}` + (e.progress.expert ? ' (' + e.progress.expert + ')' : '');
      if (li) li.textContent = line; else shards.appendChild(h('li', { 'data-shard': e.shard.shardId, text: line }));
      return;
    }
    if (!pending) pending = setTimeout(() => { pending = null; reload(); }, 300);
  });
  return () => { stopped = true; stop(); };
}
