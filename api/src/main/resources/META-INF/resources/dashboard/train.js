// New training job: presets, every spec field under "advanced", the API's field errors, a run-time estimate.
import { get, post } from './api.js';
import { clear, duration, h, number } from './dom.js';
import { clearErrors, clearOnEdit, collect, field, fill, showErrors } from './form.js';

export const PRESETS = {
  quick: { label: 'Quick look: shapes, about a minute (checks the whole way; the shapes stay rough)',
    spec: { dataset: 'shapes', steps: 400, batchSize: 32, model: { baseChannels: 16, numClasses: 4 },
      schedule: { timesteps: 100 }, checkpointEvery: 200, previewEvery: 100 } },
  mnist: { label: 'MNIST digits, about 25 minutes on 2 cores (86 % recognised by the evaluator, docs/quality.md)',
    spec: { dataset: 'mnist', steps: 3600, model: { baseChannels: 32 } } },
  fashion: { label: 'Fashion-MNIST clothes, about 30 minutes on 2 cores',
    spec: { dataset: 'fashion-mnist', steps: 3600, model: { baseChannels: 32 } } },
};

const BASIC = [
  { path: 'dataset', label: 'Data set', kind: 'text', list: 'datasets', help: 'mnist, fashion-mnist, shapes or s3://bucket/prefix' },
  { path: 'steps', label: 'Steps', kind: 'int', placeholder: '2000' },
  { path: 'batchSize', label: 'Batch size', kind: 'int', placeholder: '64' },
  { path: 'model.baseChannels', label: 'Network width (base channels)', kind: 'int', placeholder: '64' },
  { path: 'model.numClasses', label: 'Classes (0: unconditional)', kind: 'int', placeholder: '10' },
  { path: 'seed', label: 'Seed', kind: 'int', placeholder: 'random' },
];

const ADVANCED = [
  { path: 'imageSize', label: 'Image size (px, multiple of 4)', kind: 'int', placeholder: "the data set's" },
  { path: 'channels', label: 'Channels (1 gray, 3 RGB)', kind: 'int', placeholder: "the data set's" },
  { path: 'model.architecture', label: 'Architecture', kind: 'select', options: ['context-unet', 'ddpm-unet', 'simple-unet'], placeholder: 'context-unet' },
  { path: 'model.norm', label: 'ContextUnet normalisation', kind: 'select', options: ['batch', 'group'], placeholder: 'batch' },
  { path: 'model.channelMultipliers', label: 'Channel multipliers', kind: 'ints', placeholder: '1, 2, 2', help: 'DDPM U-Net and SimpleUnet' },
  { path: 'model.blocksPerLevel', label: 'Blocks per level', kind: 'int', placeholder: '2', help: 'DDPM U-Net' },
  { path: 'model.attentionResolutions', label: 'Attention resolutions', kind: 'ints', placeholder: 'none', help: 'feature-map sizes, DDPM U-Net' },
  { path: 'model.dropout', label: 'Dropout', kind: 'num', placeholder: '0.1' },
  { path: 'schedule.type', label: 'Noise schedule', kind: 'select', options: ['linear', 'cosine', 'sigmoid'], placeholder: 'linear' },
  { path: 'schedule.timesteps', label: 'Timesteps T', kind: 'int', placeholder: '500' },
  { path: 'schedule.betaStart', label: 'β start', kind: 'num', placeholder: '1e-4' },
  { path: 'schedule.betaEnd', label: 'β end', kind: 'num', placeholder: '0.02' },
  { path: 'loss.type', label: 'Loss', kind: 'select', options: ['mse', 'l1', 'huber'], placeholder: 'mse' },
  { path: 'loss.weighting', label: 'Loss weighting', kind: 'select', options: ['none', 'min-snr', 'p2'], placeholder: 'none' },
  { path: 'loss.gamma', label: 'Weighting γ', kind: 'num', placeholder: 'min-SNR 5, P2 1' },
  { path: 'loss.p2K', label: 'P2 k', kind: 'num', placeholder: '1' },
  { path: 'optimizer.type', label: 'Optimizer', kind: 'select', options: ['adam', 'adamw'], placeholder: 'adam' },
  { path: 'optimizer.learningRate', label: 'Learning rate', kind: 'num', placeholder: '1e-3' },
  { path: 'optimizer.weightDecay', label: 'Weight decay', kind: 'num', placeholder: 'Adam 0, AdamW 0.01' },
  { path: 'optimizer.lrSchedule', label: 'Learning-rate schedule', kind: 'select', options: ['warmup-stable-decay', 'constant', 'linear', 'cosine'], placeholder: 'warmup-stable-decay' },
  { path: 'optimizer.decayFraction', label: 'Decay share (warmup-stable-decay)', kind: 'num', placeholder: '0.2' },
  { path: 'optimizer.warmupSteps', label: 'Warm-up steps', kind: 'int', placeholder: '0' },
  { path: 'optimizer.gradClipNorm', label: 'Gradient clipping norm (0: off)', kind: 'num', placeholder: '0 (off)' },
  { path: 'ema.enabled', label: 'EMA of the weights', kind: 'bool', placeholder: 'no (yes with a decay or σ_rel)' },
  { path: 'ema.decay', label: 'EMA decay', kind: 'num', placeholder: '0.995 when on' },
  { path: 'ema.sigmaRel', label: 'Power EMA width σ_rel (instead of decay)', kind: 'num', placeholder: 'off' },
  { path: 'ema.recalibrateBatchNorm', label: 'Recompute BatchNorm statistics for the EMA weights', kind: 'bool', placeholder: 'no' },
  { path: 'conditionDropout', label: 'Label dropout (for guidance)', kind: 'num', placeholder: '0.1' },
  { path: 'horizontalFlip', label: 'Random horizontal flips', kind: 'bool', placeholder: 'no' },
  { path: 'checkpointEvery', label: 'Checkpoint every (steps)', kind: 'int', placeholder: 'min(500, steps)' },
  { path: 'previewEvery', label: 'Preview grid every (steps, 0: off)', kind: 'int', placeholder: 'min(500, steps)' },
  { path: 'evaluateEvery', label: 'Evaluate quality every (steps, 0: off)', kind: 'int', placeholder: '0' },
];

export const TRAINING_FIELDS = [...BASIC, ...ADVANCED];

export function trainView(main) {
  let stopped = false;
  const summary = h('div', { id: 'form-errors', tabindex: -1 });
  const estimate = h('p', { id: 'estimate', class: 'estimate', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', id: 'submit-training' }, 'Start training');
  const form = h('form', { id: 'training-form', class: 'spec-form', novalidate: true },
    h('fieldset', { class: 'presets' }, h('legend', {}, 'Preset'),
      Object.entries(PRESETS).map(([key, preset]) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'preset', value: key, checked: key === 'quick' }), ' ', preset.label))),
    h('datalist', { id: 'datasets' }, ['mnist', 'fashion-mnist', 'shapes'].map((d) => h('option', { value: d }))),
    h('div', { class: 'fields' }, BASIC.map(field)),
    h('details', { class: 'advanced' }, h('summary', {}, 'Advanced: every field of the spec'),
      h('p', { class: 'help' }, 'Empty fields take the API\'s default (docs/api.md).'),
      h('div', { class: 'fields' }, ADVANCED.map(field))),
    estimate,
    summary,
    submit);
  clear(main, h('h1', {}, 'New training job'), form);

  const recent = get('/jobs?type=TRAINING&status=SUCCEEDED&limit=50').then((page) => page.items).catch(() => []);
  const updateEstimate = () => recent.then((jobs) => {
    if (!stopped) {
      estimate.textContent = estimateText(collect(form, TRAINING_FIELDS), jobs);
    }
  });
  const usePreset = (key) => {
    fill(form, TRAINING_FIELDS, PRESETS[key].spec);
    clearErrors(form, summary);
    updateEstimate();
  };
  form.addEventListener('change', (e) => {
    if (e.target.name === 'preset') {
      usePreset(e.target.value);
    } else {
      updateEstimate();
    }
  });
  form.addEventListener('input', updateEstimate);
  clearOnEdit(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      const job = await post('/training-jobs', collect(form, TRAINING_FIELDS));
      location.hash = `#/jobs/${job.id}`;
    } catch (err) {
      showErrors(form, summary, err);
    } finally {
      submit.disabled = false;
    }
  });
  usePreset('quick');
  return () => {
    stopped = true;
  };
}

/**
 * The run time from recent succeeded training jobs: their measured seconds per step (metric secondsPerStep, the
 * worker's batchSize / imagesPerSecond), scaled by batch size, median over the most alike jobs (same data set,
 * architecture and width; else same data set), times the steps asked for. Loading the data is not counted.
 */
export function estimateText(spec, jobs) {
  const steps = Number.isFinite(spec.steps) ? spec.steps : 2000;
  const batch = Number.isFinite(spec.batchSize) ? spec.batchSize : 64;
  const dataset = spec.dataset || '';
  const arch = spec.model?.architecture || 'context-unet';
  const width = spec.model?.baseChannels || 64;
  const measured = jobs.filter((j) => j.metrics?.secondsPerStep > 0 && j.spec?.dataset === dataset);
  const alike = measured.filter((j) => j.spec.model?.architecture === arch && j.spec.model?.baseChannels === width);
  const basis = alike.length ? alike : measured;
  if (basis.length === 0) {
    return `Run time: no estimate yet — no finished training job on "${dataset}" to measure.`;
  }
  const perStep = basis.map((j) => j.metrics.secondsPerStep * (batch / (j.spec.batchSize || 64))).sort((a, b) => a - b);
  const median = perStep[Math.floor(perStep.length / 2)];
  return `Estimated run time: about ${duration(median * steps)} (${number(median)} s per step, measured on `
    + `${basis.length} recent ${dataset} job${basis.length > 1 ? 's' : ''}${alike.length ? ' of this network' : ' scaled by batch size'}).`;
}
