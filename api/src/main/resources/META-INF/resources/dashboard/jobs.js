// The job list: newest first, filters, paging, live progress of open jobs from their event streams.
import { get, post, watchJob } from './api.js';
import { clear, errorBox, h, isOpen, progressView, shortId, statusBadge, time, updateProgress } from './dom.js';

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const TYPES = ['TRAINING', 'GENERATION', 'EVALUATION', 'IMPORT'];
// A browser opens at most 6 connections to one host over HTTP/1.1: streams beyond a few would starve the page's
// other calls, so at most this many open jobs are followed at once, running ones first.
const MAX_STREAMS = 3;
const PAGE_SIZE = 20;

export function jobsView(main, params) {
  const status = params.get('status') || '';
  const type = params.get('type') || '';
  const cursor = params.get('cursor') || '';
  const streams = new Map();
  let stopped = false;

  const table = h('tbody');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const message = h('div', { 'aria-live': 'polite' });
  clear(main,
    h('h1', {}, 'Jobs'),
    filters(status, type),
    message,
    h('table', { class: 'jobs' },
      h('caption', { class: 'visually-hidden' }, 'Jobs, newest first'),
      h('thead', {}, h('tr', {}, ['Job', 'Status', 'Attempt', 'Progress', 'Created', ''].map((t) => h('th', { scope: 'col' }, t)))),
      table),
    pager);

  const rows = new Map();
  const followMore = () => {
    if (stopped) {
      return;
    }
    const waiting = [...rows.values()].filter((r) => isOpen(r.job.status) && !streams.has(r.job.id))
      .sort((a, b) => (a.job.status === 'RUNNING' ? 0 : 1) - (b.job.status === 'RUNNING' ? 0 : 1));
    for (const row of waiting.slice(0, Math.max(0, MAX_STREAMS - streams.size))) {
      streams.set(row.job.id, watchJob(row.job.id, (name, update) => row.update(update), () => {
        streams.delete(row.job.id);
        followMore();
      }));
    }
  };

  const query = new URLSearchParams({ limit: PAGE_SIZE });
  if (status) query.set('status', status);
  if (type) query.set('type', type);
  if (cursor) query.set('cursor', cursor);
  get(`/jobs?${query}`).then((page) => {
    if (stopped) {
      return;
    }
    if (page.items.length === 0) {
      table.closest('table').hidden = true;
      message.append(h('p', {}, status || type || cursor ? 'No jobs match.' : 'No jobs yet. ',
        h('a', { href: '#/train' }, 'Train a model'), '.'));
    }
    for (const job of page.items) {
      const row = jobRow(job);
      rows.set(job.id, row);
      table.append(row.el);
    }
    paging(pager, params, page.nextCursor);
    followMore();
  }).catch((e) => message.append(errorBox(e)));

  return () => {
    stopped = true;
    for (const stop of streams.values()) {
      stop();
    }
  };
}

function filters(status, type) {
  const statusSelect = h('select', { id: 'filter-status', name: 'status' },
    h('option', { value: '' }, 'any status'),
    STATUSES.map((s) => h('option', { value: s, selected: s === status }, s.toLowerCase())));
  const typeSelect = h('select', { id: 'filter-type', name: 'type' },
    h('option', { value: '' }, 'any type'),
    TYPES.map((t) => h('option', { value: t, selected: t === type }, t.toLowerCase())));
  const apply = (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (statusSelect.value) q.set('status', statusSelect.value);
    if (typeSelect.value) q.set('type', typeSelect.value);
    location.hash = `#/jobs${q.toString() ? `?${q}` : ''}`;
  };
  statusSelect.addEventListener('change', apply);
  typeSelect.addEventListener('change', apply);
  return h('form', { class: 'filters', onsubmit: apply, 'aria-label': 'Filter jobs' },
    h('label', { for: 'filter-status' }, 'Status'), statusSelect,
    h('label', { for: 'filter-type' }, 'Type'), typeSelect,
    h('button', { type: 'submit', class: 'secondary' }, 'Filter'));
}

function paging(pager, params, nextCursor) {
  const first = new URLSearchParams(params);
  first.delete('cursor');
  const next = new URLSearchParams(params);
  next.set('cursor', nextCursor || '');
  clear(pager,
    params.get('cursor') ? h('a', { href: `#/jobs${first.toString() ? `?${first}` : ''}` }, '« Newest') : null,
    nextCursor ? h('a', { href: `#/jobs?${next}`, rel: 'next' }, 'Older »') : null);
}

function jobRow(job) {
  const progress = progressView(job);
  const statusCell = h('td', { 'data-label': 'Status' }, statusBadge(job.status));
  const attemptCell = h('td', { 'data-label': 'Attempt' }, `${job.attempt} of ${job.maxAttempts}`);
  const actions = h('td', { class: 'actions' });
  const el = h('tr', { 'data-job': job.id },
    h('td', { 'data-label': 'Job' }, h('a', { href: `#/jobs/${job.id}` }, `${job.type.toLowerCase()} ${shortId(job.id)}`),
      h('span', { class: 'muted' }, job.spec?.dataset ? ` ${job.spec.dataset}` : job.modelId ? ` model ${shortId(job.modelId)}` : '')),
    statusCell,
    attemptCell,
    h('td', { 'data-label': 'Progress' }, progress),
    h('td', { 'data-label': 'Created' }, time(job.createdAt)),
    actions);
  const row = { el, job };
  let shown = null;
  const showActions = () => {
    const state = !isOpen(row.job.status) ? 'none' : row.job.cancelRequestedAt ? 'requested' : 'button';
    if (state === shown) {
      return;
    }
    shown = state;
    clear(actions, state === 'button' ? cancelButton(row.job, (j) => row.update(j))
      : state === 'requested' ? h('span', { class: 'muted' }, 'cancel requested') : null);
  };
  row.update = (update) => {
    const metrics = { ...row.job.metrics, ...update.metrics };
    // a job (from the cancel answer) has cancelRequestedAt, an event only the flag cancelRequested
    const cancelRequestedAt = update.cancelRequestedAt
      ?? (update.cancelRequested ? row.job.cancelRequestedAt || update.updatedAt : row.job.cancelRequestedAt);
    row.job = { ...row.job, ...update, metrics, id: row.job.id, cancelRequestedAt };
    clear(statusCell, statusBadge(row.job.status), row.job.error ? h('span', { class: 'muted' }, ` ${row.job.error.code}`) : null);
    attemptCell.textContent = `${row.job.attempt} of ${row.job.maxAttempts}`;
    updateProgress(progress, row.job);
    showActions();
  };
  showActions();
  return row;
}

/** A cancel button that asks first; `onCancelled(job)` gets the answer's job. */
export function cancelButton(job, onCancelled) {
  return h('button', { type: 'button', class: 'danger', 'aria-label': `Cancel job ${shortId(job.id)}`, onclick: async (e) => {
    if (!window.confirm(`Cancel ${job.type.toLowerCase()} job ${shortId(job.id)}? A running job stops within a step and keeps what it made.`)) {
      return;
    }
    e.target.disabled = true;
    try {
      onCancelled(await post(`/jobs/${job.id}/cancel`));
    } catch (err) {
      e.target.disabled = false;
      e.target.after(errorBox(err));
    }
  } }, 'Cancel');
}
