// Entry point: the API key, the hash router and the views.
import { apiKey, get, setApiKey } from './api.js';
import { clear, errorBox, h } from './dom.js';
import { jobsView } from './jobs.js';
import { jobView } from './job.js';
import { trainView } from './train.js';
import { generateView } from './generate.js';
import { modelsView } from './models.js';

const main = document.getElementById('main');
const who = document.getElementById('who');
let stopView = () => {};

const routes = [
  [/^#\/jobs\/([0-9a-f-]{36})$/, (m) => jobView(main, m[1])],
  [/^#\/jobs$/, (m, query) => jobsView(main, query)],
  [/^#\/models$/, () => modelsView(main)],
  [/^#\/train$/, () => trainView(main)],
  [/^#\/generate$/, (m, query) => generateView(main, query)],
];

/** A key handed over in the address (#key=…, as ./run-local.sh prints it) goes to sessionStorage and leaves the URL. */
function takeKeyFromAddress() {
  const match = location.hash.match(/^#key=([^&]+)/);
  if (match) {
    setApiKey(decodeURIComponent(match[1]));
    history.replaceState(null, '', `${location.pathname}#/jobs`);
  }
}

function askForKey(message) {
  stopView();
  stopView = () => {};
  who.textContent = '';
  const input = h('input', { id: 'api-key', name: 'key', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'api-key-help' });
  const form = h('form', { class: 'card key-form', onsubmit: (e) => {
    e.preventDefault();
    setApiKey(input.value);
    route();
  } },
  h('h1', {}, 'API key'),
  message ? h('p', { class: 'error', role: 'alert' }, message) : null,
  h('label', { for: 'api-key' }, 'Your API key'),
  input,
  h('p', { id: 'api-key-help', class: 'help' }, 'Every call needs a key (Authorization: Bearer dk_…). It is kept for ',
    'this browser tab only (sessionStorage). The local run prints its admin key and keeps it in .local/api-admin.key.'),
  h('button', { type: 'submit' }, 'Use this key'));
  clear(main, form);
  input.focus();
}

async function showCaller() {
  try {
    const me = await get('/me');
    clear(who, `${me.tenantName} · ${me.role} `,
      h('button', { type: 'button', class: 'link', onclick: () => {
        setApiKey(null);
        askForKey();
      } }, 'Forget key'));
  } catch {
    // a 401 is handled by the unauthorized listener; anything else leaves the header empty
  }
}

function route() {
  takeKeyFromAddress();
  if (!apiKey()) {
    askForKey();
    return;
  }
  if (!who.hasChildNodes()) {
    showCaller();
  }
  const [path, query] = (location.hash || '#/jobs').split('?');
  const params = new URLSearchParams(query || '');
  stopView();
  stopView = () => {};
  for (const [pattern, view] of routes) {
    const m = path.match(pattern);
    if (m) {
      markCurrent(path);
      try {
        stopView = view(m, params) || (() => {});
      } catch (e) {
        clear(main, errorBox(e));
      }
      return;
    }
  }
  location.hash = '#/jobs';
}

function markCurrent(path) {
  for (const link of document.querySelectorAll('nav a')) {
    const current = path === link.getAttribute('href') || (link.getAttribute('href') === '#/jobs' && path.startsWith('#/jobs/'));
    if (current) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

window.addEventListener('diffusion:unauthorized', (e) => {
  setApiKey(null);
  askForKey(`The key was refused: ${e.detail || 'unknown or revoked'}. Enter another one.`);
});
window.addEventListener('hashchange', route);
route();
