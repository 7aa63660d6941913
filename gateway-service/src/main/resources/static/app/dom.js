// Small DOM helpers shared by the views, and the toast line screen readers hear.
import { t } from './i18n.js';

export function toast(text, isError) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.className = isError ? 'error' : '';
  el.setAttribute('role', isError ? 'alert' : 'status');
}

export function errorToast(e) {
  toast(t('error', e.message || e), true);
}

export function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return e;
}

let me = null;

export function setCaller(c) {
  me = c;
}

/** Who is logged in: name, studio, roles. */
export function caller() {
  return me;
}

export function can(role) {
  return !!me && (me.roles.includes(role) || me.kind === 'local');
}

