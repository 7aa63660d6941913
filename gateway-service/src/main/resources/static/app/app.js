// The director's and TD's page: jobs (live), review of a shot's takes, sequences. Hash routes
// (#/jobs, #/jobs/<id>, #/sequences, #/sequences/<name>) so every view has a link.
import * as api from './api.js';
import { t, translate, LANG } from './i18n.js';
import { jobsView } from './jobs.js';
import { reviewView } from './review.js';
import { sequencesView, sequenceView } from './sequences.js';
import { h, toast, setCaller } from './dom.js';

document.documentElement.lang = LANG === 'zh' ? 'zh-CN' : 'en';
let stopView = () => {};
let me = null;

function loginView(main) {
  const input = h('input', { id: 'credential', name: 'credential', type: 'password', autocomplete: 'current-password', required: true, 'aria-describedby': 'credential-help' });
  const err = h('p', { id: 'login-error', class: 'error', role: 'alert' });
  const form = h('form', { class: 'card login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', text: t('login.title') }),
    h('label', { for: 'credential', text: t('login.credential') }), input,
    h('p', { id: 'credential-help', class: 'help', text: t('login.help') }),
    h('button', { type: 'submit', id: 'login', text: t('login.submit') }), err);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    api.setCredential(input.value.trim());
    try {
      me = await api.get('/v1/me');
      setCaller(me);
      location.hash = '#/jobs';
      route();
    } catch (e) {
      api.setCredential(null);
      err.textContent = t('login.bad') + (e.status ? ' (' + e.status + ')' : '');
    }
  });
  main.appendChild(form);
  input.focus();
  return () => {};
}

async function route() {
  stopView();
  const main = document.getElementById('main');
  main.replaceChildren();
  toast('');
  const header = document.getElementById('top');
  if (!api.credential()) {
    header.hidden = true;
    stopView = loginView(main);
    return;
  }
  if (!me) {
    try { me = await api.get('/v1/me'); setCaller(me); } catch (e) { api.setCredential(null); return route(); }
  }
  header.hidden = false;
  document.getElementById('who').textContent = (me.studio || me.name) + ' · ' + me.roles.join(', ');
  const [, section, id] = (location.hash || '#/jobs').split('/').map(decodeURIComponent);
  document.querySelectorAll('nav a').forEach(a => a.toggleAttribute('aria-current', a.getAttribute('href') === '#/' + section));
  if (section === 'jobs' && id) stopView = reviewView(main, id);
  else if (section === 'sequences' && id) stopView = sequenceView(main, id);
  else if (section === 'sequences') stopView = sequencesView(main);
  else stopView = jobsView(main);
  main.focus({ preventScroll: true });
}

document.getElementById('logout').addEventListener('click', () => {
  api.setCredential(null);
  me = null;
  location.hash = '#/login';
  route();
});
translate(document);
window.addEventListener('hashchange', route);
route();
