// Small DOM and formatting helpers shared by the views.

/** h('a', {href: '#/jobs', class: 'x'}, 'text', child…): an element; null and false children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// Status in words with a symbol; the colour only repeats what the words say.
const STATUS = {
  QUEUED: ['◷', 'Queued'],
  RUNNING: ['▶', 'Running'],
  SUCCEEDED: ['✓', 'Succeeded'],
  FAILED: ['✗', 'Failed'],
  CANCELLED: ['■', 'Cancelled'],
};

export function statusBadge(status) {
  const [symbol, word] = STATUS[status] || ['?', status];
  return h('span', { class: `status status-${String(status).toLowerCase()}`, 'data-status': status },
    h('span', { 'aria-hidden': 'true' }, symbol), ' ', word);
}

export function isOpen(status) {
  return status === 'QUEUED' || status === 'RUNNING';
}

export function shortId(id) {
  return String(id).slice(0, 8);
}

export function bytes(n) {
  if (n === null || n === undefined) {
    return '';
  }
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return '';
  }
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  }
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function number(value, digits = 3) {
  if (value === null || value === undefined) {
    return '';
  }
  return Math.abs(value) >= 1000 || value === Math.round(value) ? String(Math.round(value * 100) / 100)
    : Number(value).toPrecision(digits);
}

/** A progress bar with step, ETA and images/s in words beside it. */
export function progressView(job) {
  const p = job.progress || {};
  const bar = h('progress', { max: 1, value: job.status === 'SUCCEEDED' ? 1 : (p.fraction || 0),
    'aria-label': `Progress of job ${shortId(job.id || job.jobId)}` });
  return h('div', { class: 'progress' }, bar, h('span', { class: 'progress-text' }, progressText(job)));
}

export function progressText(job) {
  const p = job.progress || {};
  const parts = [];
  if (p.totalSteps) {
    parts.push(`step ${p.step} / ${p.totalSteps}`);
  }
  if (p.phase) {
    parts.push(p.phase);
  }
  if (isOpen(job.status) && p.etaSeconds !== null && p.etaSeconds !== undefined) {
    parts.push(`ETA ${duration(p.etaSeconds)}`);
  }
  const ips = job.metrics?.imagesPerSecond;
  if (isOpen(job.status) && ips) {
    parts.push(`${number(ips, 3)} images/s`);
  }
  return parts.join(' · ');
}

/** Updates a progress view made by progressView in place (no new element: focus and layout stay). */
export function updateProgress(el, job) {
  const p = job.progress || {};
  el.querySelector('progress').value = job.status === 'SUCCEEDED' ? 1 : (p.fraction || 0);
  el.querySelector('.progress-text').textContent = progressText(job);
}

export function artifact(job, name) {
  return (job.artifacts || []).find((a) => a.name === name);
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message || String(error));
}
