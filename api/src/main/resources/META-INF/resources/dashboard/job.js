// One job: live status and progress, curves, previews, results, artifacts, history and spec.
import { get, isFinal, watchJob } from './api.js';
import { lineChart } from './charts.js';
import { artifact, bytes, clear, errorBox, h, isOpen, number, progressView, shortId, statusBadge, time,
  updateProgress } from './dom.js';
import { cancelButton } from './jobs.js';

const CURVES = [['loss', 'Loss', true], ['lr', 'Learning rate', false], ['gradNorm', 'Gradient norm', false]];
// Re-reading the job (new previews, artifacts) and its metric series follows its events, at most this often.
const REFRESH_MS = 3000;

export function jobView(main, id) {
  let stopped = false;
  let stopStream = () => {};
  let job = null;
  let lastRefresh = 0;
  let refreshTimer = null;

  const header = h('div', { class: 'job-header' });
  const progress = h('div');
  const curves = h('section', { class: 'curves', 'aria-labelledby': 'curves-title' });
  const previews = h('section', { 'aria-labelledby': 'previews-title' });
  const results = h('section', { 'aria-labelledby': 'results-title' });
  const files = h('section', { 'aria-labelledby': 'files-title' });
  const timeline = h('section', { 'aria-labelledby': 'timeline-title' });
  const spec = h('section', { 'aria-labelledby': 'spec-title' });
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  clear(main, h('p', {}, h('a', { href: '#/jobs' }, '« All jobs')), header, progress, live, results, curves, previews,
    files, timeline, spec);

  const render = () => {
    renderHeader(header, job, (cancelled) => {
      job = { ...job, ...cancelled };
      render();
    });
    if (!progress.firstChild) {
      progress.append(progressView(job));
    } else {
      updateProgress(progress.firstChild, job);
    }
    renderResults(results, job);
    renderPreviews(previews, job);
    renderFiles(files, job);
    if (!spec.firstChild) {
      clear(spec, h('h2', { id: 'spec-title' }, 'Effective spec'),
        h('p', { class: 'help' }, 'Every default filled in and the seed fixed: this JSON submits the same job again.'),
        h('pre', { class: 'spec', tabindex: 0 }, JSON.stringify(job.spec, null, 2)));
    }
  };
  // reads overlap while events arrive: only the answer of the newest read of each kind is shown
  const latest = { job: 0, metrics: 0, history: 0 };
  const read = (kind, path, show) => {
    const ticket = ++latest[kind];
    get(path).then((answer) => stopped || ticket !== latest[kind] || show(answer)).catch(() => {});
  };
  const refreshSeries = () => {
    if (job.type === 'TRAINING') {
      read('metrics', `/jobs/${id}/metrics`, (series) => renderCurves(curves, series));
    }
    read('history', `/jobs/${id}/history`, (entries) => renderTimeline(timeline, entries));
  };
  const refresh = () => {
    lastRefresh = Date.now();
    refreshTimer = null;
    read('job', `/jobs/${id}`, (fresh) => {
      job = fresh;
      render();
      refreshSeries();
    });
  };
  const onEvent = (name, update) => {
    const statusChanged = update.status !== job.status || (update.cancelRequested && !job.cancelRequestedAt);
    job = { ...job, ...update, metrics: { ...job.metrics, ...update.metrics },
      cancelRequestedAt: job.cancelRequestedAt || (update.cancelRequested ? update.updatedAt : null) };
    updateProgress(progress.firstChild, job);
    if (statusChanged) {
      live.textContent = `Job is ${update.status.toLowerCase()}`;
      renderHeader(header, job, () => refresh());
    }
    if (statusChanged || isFinal(update.status)) {
      clearTimeout(refreshTimer);
      refresh();
    } else if (!refreshTimer) {
      refreshTimer = setTimeout(refresh, Math.max(0, REFRESH_MS - (Date.now() - lastRefresh)));
    }
  };

  get(`/jobs/${id}`).then((loaded) => {
    if (stopped) {
      return;
    }
    job = loaded;
    render();
    refreshSeries();
    if (isOpen(job.status)) {
      stopStream = watchJob(id, onEvent);
    }
  }).catch((e) => clear(main, h('p', {}, h('a', { href: '#/jobs' }, '« All jobs')), errorBox(e)));

  return () => {
    stopped = true;
    clearTimeout(refreshTimer);
    stopStream();
  };
}

function renderHeader(header, job, onCancelled) {
  clear(header,
    h('h1', {}, `${capitalise(job.type)} job `, h('code', {}, shortId(job.id))),
    h('dl', { class: 'facts' },
      fact('Status', statusBadge(job.status), job.cancelRequestedAt && isOpen(job.status) ? ' (cancel requested)' : null),
      fact('Attempt', `${job.attempt} of ${job.maxAttempts}`),
      fact('Job id', h('code', {}, job.id)),
      job.modelId ? fact('Model', h('code', {}, job.modelId)) : null,
      fact('Created', time(job.createdAt)),
      job.startedAt ? fact('Started', time(job.startedAt)) : null,
      job.finishedAt ? fact('Finished', time(job.finishedAt)) : null),
    job.error ? h('p', { class: 'error', role: 'alert' }, `${job.error.code}: ${job.error.message}`) : null,
    h('div', { class: 'buttons' },
      isOpen(job.status) && !job.cancelRequestedAt ? cancelButton(job, onCancelled) : null,
      (job.type === 'TRAINING' || job.type === 'IMPORT') && job.status === 'SUCCEEDED' && job.modelId
        ? h('a', { class: 'button', href: `#/generate?model=${job.modelId}` }, 'Generate from this model') : null));
}

function fact(term, ...description) {
  return h('div', {}, h('dt', {}, term), h('dd', {}, ...description));
}

function capitalise(s) {
  return s.charAt(0) + s.slice(1).toLowerCase();
}

function renderCurves(section, series) {
  const points = series.points || [];
  clear(section, h('h2', { id: 'curves-title' }, 'Training curves'),
    points.length === 0 ? h('p', { class: 'muted' }, 'No progress reported yet.') : null,
    points.length === 0 ? null : h('div', { class: 'chart-grid' },
      CURVES.map(([key, title, log]) => lineChart(title, points.filter((p) => key in p.metrics)
        .map((p) => [p.step, p.metrics[key]]), { log }))));
}

/** An image of a job; grids of 16 or 28 px images are enlarged to about 480 px, in steps of half their size. */
function image(file, attrs) {
  const img = h('img', { src: file.url, 'data-sha256': file.sha256, ...attrs });
  img.addEventListener('load', () => {
    const factor = Math.max(1, Math.floor((480 / img.naturalWidth) * 2) / 2);
    img.style.width = `${img.naturalWidth * factor}px`;
  });
  return img;
}

function sameFiles(section, names) {
  const key = names.join('|');
  if (section.dataset.files === key) {
    return true;
  }
  section.dataset.files = key;
  return false;
}

function renderResults(section, job) {
  const grid = artifact(job, 'grid.png') || artifact(job, 'check-grid.png');
  const gif = artifact(job, 'denoise.gif');
  const forward = artifact(job, 'forward-diffusion.png');
  const quality = artifact(job, 'quality.png') || artifact(job, 'evaluation.png');
  const shown = [grid, gif, forward, quality].filter(Boolean);
  if (sameFiles(section, shown.map((f) => `${f.name}:${f.sha256}`))) {
    return;
  }
  clear(section, shown.length ? h('h2', { id: 'results-title' }, job.type === 'TRAINING' ? 'Pictures' : 'Results') : null,
    h('div', { class: 'pictures' },
      grid ? h('figure', {}, image(grid, { id: 'result-grid', alt: `Grid of the ${job.spec?.numImages || ''} generated images` }),
        h('figcaption', {}, 'Final grid')) : null,
      gif ? h('figure', {}, image(gif, { id: 'result-gif', alt: 'Animation of the denoising, from noise to the images' }),
        h('figcaption', {}, 'Denoising (GIF)')) : null,
      forward ? h('figure', { class: 'wide' }, image(forward, { id: 'forward-diffusion',
        alt: 'Forward diffusion: training images and the same images with more and more noise' }),
      h('figcaption', {}, 'Forward diffusion: clean images, then noise levels left to right')) : null,
      quality ? h('figure', {}, image(quality, { alt: 'Quality chart' }), h('figcaption', {}, quality.name)) : null));
}

function previewSteps(job) {
  return (job.artifacts || []).map((a) => ({ file: a, step: Number((a.name.match(/^preview-step-(\d+)\.png$/) || [])[1]) }))
    .filter((p) => Number.isFinite(p.step)).sort((a, b) => a.step - b.step);
}

function renderPreviews(section, job) {
  const previews = previewSteps(job);
  if (sameFiles(section, previews.map((p) => `${p.file.name}:${p.file.sha256}`))) {
    return;
  }
  if (previews.length === 0) {
    clear(section);
    return;
  }
  const last = previews.length - 1;
  const img = image(previews[last].file, { id: 'preview-image', alt: `Preview grid after step ${previews[last].step}` });
  const label = h('output', { for: 'preview-slider', id: 'preview-step' }, `step ${previews[last].step}`);
  const slider = h('input', { id: 'preview-slider', type: 'range', min: 0, max: last, value: last, step: 1,
    'aria-valuetext': `step ${previews[last].step}` });
  slider.addEventListener('input', () => {
    const p = previews[Number(slider.value)];
    img.src = p.file.url;
    img.alt = `Preview grid after step ${p.step}`;
    label.textContent = `step ${p.step}`;
    slider.setAttribute('aria-valuetext', `step ${p.step}`);
  });
  clear(section, h('h2', { id: 'previews-title' }, 'Previews by step'),
    h('div', { class: 'slider' }, h('label', { for: 'preview-slider' }, 'Step'), slider, label),
    h('figure', {}, img));
}

function renderFiles(section, job) {
  const all = job.artifacts || [];
  if (sameFiles(section, all.map((f) => `${f.name}:${f.sha256}`).concat(job.checkpoint ? [`ckpt:${job.checkpoint.step}`] : []))) {
    return;
  }
  clear(section, h('h2', { id: 'files-title' }, 'Downloads'),
    all.length === 0 && !job.checkpoint ? h('p', { class: 'muted' }, 'No files yet.') : h('table', { class: 'files' },
      h('thead', {}, h('tr', {}, ['File', 'Size', 'SHA-256'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {},
        all.map((a) => h('tr', {},
          h('td', { 'data-label': 'File' }, h('a', { href: a.url, download: a.name }, a.name), h('span', { class: 'muted' }, ` ${a.contentType}`)),
          h('td', { 'data-label': 'Size' }, bytes(a.sizeBytes)),
          h('td', { 'data-label': 'SHA-256' }, h('code', { class: 'hash' }, a.sha256)))),
        job.checkpoint ? h('tr', {},
          h('td', { 'data-label': 'File' }, h('a', { href: job.checkpoint.url }, `checkpoint at step ${job.checkpoint.step}`)),
          h('td', { 'data-label': 'Size' }, ''),
          h('td', { 'data-label': 'SHA-256' }, h('code', { class: 'hash' }, job.checkpoint.uri))) : null)),
    h('p', { class: 'help' }, 'Links are presigned and expire (an hour by default); reload the page for fresh ones.'));
}

function renderTimeline(section, entries) {
  const changes = entries.filter((e) => e.statusBefore !== e.statusAfter || e.source === 'API');
  const row = (e) => h('li', {},
    h('time', { datetime: e.recordedAt }, time(e.recordedAt)), ' ',
    h('strong', {}, e.kind), ' ',
    e.statusBefore !== e.statusAfter && e.statusAfter ? `${e.statusBefore ? e.statusBefore.toLowerCase() : '—'} → ${e.statusAfter.toLowerCase()} ` : '',
    h('span', { class: 'muted' }, `attempt ${e.attempt}${e.workerId ? ` on ${e.workerId}` : ''}${e.outcome !== 'APPLIED' ? ` · ${e.outcome}` : ''}`),
    e.detail ? h('div', { class: 'detail' }, e.detail) : null);
  clear(section, h('h2', { id: 'timeline-title' }, 'Status timeline'),
    h('ol', { class: 'timeline' }, changes.map(row)),
    h('details', {}, h('summary', {}, `Every recorded event (${entries.length})`), h('ol', { class: 'timeline' }, entries.map(row))));
}

