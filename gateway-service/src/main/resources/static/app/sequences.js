// Sequences: the shots of a sequence in cut order with their chosen takes, the animatic, and the
// editorial exports (OTIO, EDL, and both with the takes in one package).
import * as api from './api.js';
import { t } from './i18n.js';
import { h, toast, errorToast } from './dom.js';

export function sequencesView(main) {
  const list = h('ul', { class: 'sequences' });
  main.append(h('h1', { text: t('seq.title') }), list);
  api.get('/v1/sequences').then(r => {
    list.replaceChildren(...(r.sequences.length
      ? r.sequences.map(s => h('li', {}, h('a', { href: '#/sequences/' + encodeURIComponent(s.sequence), 'data-sequence': s.sequence, text: s.sequence }), ` · ${s.chosen}/${s.shots}`))
      : [h('li', { text: t('seq.none') })]));
  }).catch(errorToast);
  return () => {};
}

export function sequenceView(main, name) {
  let stopped = false;
  let poll = null;
  const head = h('div');
  const tbody = h('tbody');
  const table = h('table', { class: 'shots', 'aria-label': t('seq.shots') },
    h('thead', {}, h('tr', {}, ['seq.shots', 'seq.chosen', 'seq.qc', 'seq.by'].map(k => h('th', { scope: 'col', text: t(k) })))), tbody);
  const burnIn = h('input', { type: 'checkbox', id: 'burn-in', checked: true });
  const animaticStatus = h('p', { id: 'animatic-status', role: 'status' });
  const animaticOut = h('div', { id: 'animatic-out' });
  const base = '/v1/sequences/' + encodeURIComponent(name);
  const dl = (label, path, file) => h('button', { type: 'button', 'data-download': file, text: t(label),
    onclick: async () => { try { await api.download(path, file); } catch (e) { errorToast(e); } } });

  function showAnimatic(a) {
    animaticStatus.textContent = t('seq.status', a.animaticId, a.status) + (a.reason ? ': ' + a.reason : '');
    animaticStatus.dataset.state = a.status;
    if (a.status === 'ready' && a.links && a.links.video) {
      animaticOut.replaceChildren(
        h('video', { src: a.links.video, controls: true, preload: 'metadata', 'aria-label': t('seq.animatic') }),
        h('p', {}, h('a', { href: a.links.video, download: name + '-animatic.mp4', 'data-animatic-link': '', text: t('seq.download') })));
    }
  }

  async function makeAnimatic() {
    try {
      let a = await api.post(base + '/animatic', { burnIn: burnIn.checked });
      showAnimatic(a);
      clearInterval(poll);
      poll = setInterval(async () => {
        if (stopped) return clearInterval(poll);
        a = await api.get(base + '/animatics/' + a.animaticId);
        showAnimatic(a);
        if (a.status !== 'requested') clearInterval(poll);
      }, 1000);
    } catch (e) { errorToast(e); }
  }

  main.append(head, table,
    h('section', { 'aria-labelledby': 'animatic-title' }, h('h2', { id: 'animatic-title', text: t('seq.animatic') }),
      h('div', { class: 'field inline' }, burnIn, h('label', { for: 'burn-in', text: t('seq.burnIn') })),
      h('button', { type: 'button', id: 'make-animatic', text: t('seq.make'), onclick: makeAnimatic }), animaticStatus, animaticOut),
    h('section', { 'aria-labelledby': 'exports-title' }, h('h2', { id: 'exports-title', text: t('seq.exports') }),
      h('div', { class: 'actions' }, dl('seq.otio', base + '/editorial.otio', name + '.otio'), dl('seq.edl', base + '/editorial.edl', name + '.edl'),
        dl('seq.zip', base + '/editorial.zip', name + '-editorial.zip'))));

  api.get(base).then(v => {
    if (stopped) return;
    head.replaceChildren(h('h1', { text: t('seq.title') + ': ' + v.sequence }),
      h('p', { 'data-length': v.frames, text: t('seq.length', v.chosen, v.shots.length, v.seconds.toFixed(2), v.fps) }));
    tbody.replaceChildren(...v.shots.map(s => {
      const c = s.chosen;
      return h('tr', { 'data-shot': s.shot, 'data-chosen': c ? c.name : '' },
        h('td', {}, h('a', { href: '#/jobs/' + encodeURIComponent(s.versions[s.versions.length - 1].jobId), text: s.shot })),
        h('td', {}, c ? [c.links && c.links.poster ? h('img', { src: c.links.poster, alt: c.name, width: 96 }) : null, ' ', h('a', { href: '#/jobs/' + c.jobId, text: c.name })] : t('seq.noTake')),
        h('td', { text: c && c.verdict ? c.verdict : '' }),
        h('td', { text: c ? c.by : '' }));
    }));
  }).catch(errorToast);
  return () => { stopped = true; clearInterval(poll); };
}
