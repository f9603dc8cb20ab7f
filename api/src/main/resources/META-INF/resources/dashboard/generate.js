// New generation job: a model, labels 0–9 (or none), the sampler and its settings.
import { get, post } from './api.js';
import { clear, errorBox, h, shortId, time } from './dom.js';
import { clearErrors, clearOnEdit, collect, field, showErrors } from './form.js';

const FIELDS = [
  { path: 'numImages', label: 'Images', kind: 'int', placeholder: '16' },
  { path: 'sampler', label: 'Sampler', kind: 'select', options: ['ddim', 'ddpm'], placeholder: 'ddim' },
  { path: 'steps', label: 'Sampler steps', kind: 'int', placeholder: 'DDIM min(50, T), DDPM T', help: 'DDIM: 1 to T; DDPM: exactly T' },
  { path: 'eta', label: 'η (DDIM stochasticity, 0–1)', kind: 'num', placeholder: '0' },
  { path: 'guidanceScale', label: 'Guidance scale', kind: 'num', placeholder: '1', help: '1: plain conditional; above 1: stronger classes' },
  { path: 'seed', label: 'Seed', kind: 'int', placeholder: 'random' },
  { path: 'gridColumns', label: 'Grid columns', kind: 'int', placeholder: 'one per label, else √images' },
];
const ADVANCED = [
  { path: 'clipDenoised', label: 'Clip predicted x0 to [−1, 1]', kind: 'bool', placeholder: 'DDPM yes, DDIM no' },
  { path: 'ddpmVariance', label: 'DDPM variance', kind: 'select', options: ['beta', 'posterior'], placeholder: 'beta' },
  { path: 'gif.enabled', label: 'Denoising GIF', kind: 'bool', placeholder: 'yes' },
  { path: 'gif.frameEvery', label: 'GIF frame every (steps, 0: about 20 frames)', kind: 'int', placeholder: '0' },
  { path: 'gif.framesPerSecond', label: 'GIF frames per second', kind: 'int', placeholder: '10' },
  { path: 'gif.holdLastSeconds', label: 'GIF hold last frame (s)', kind: 'num', placeholder: '2' },
];

export function generateView(main, params) {
  let stopped = false;
  const summary = h('div', { id: 'form-errors', tabindex: -1 });
  const models = h('select', { id: 'f-modelId', name: 'modelId', required: true, 'aria-describedby': 'f-modelId-error' });
  const modelInfo = h('small', { class: 'help', id: 'model-info' });
  const labelBoxes = [...Array(10).keys()].map((n) => h('input', { type: 'checkbox', name: 'label', value: n, id: `label-${n}` }));
  const unconditional = h('input', { type: 'checkbox', name: 'unconditional', id: 'label-none' });
  const submit = h('button', { type: 'submit', id: 'submit-generation' }, 'Generate');
  const form = h('form', { id: 'generation-form', class: 'spec-form', novalidate: true },
    h('div', { class: 'field', 'data-field': 'modelId' },
      h('label', { for: 'f-modelId' }, 'Model'), models, modelInfo,
      h('span', { id: 'f-modelId-error', class: 'field-error', 'aria-live': 'polite' })),
    h('fieldset', { class: 'field labels', 'data-field': 'labels' },
      h('legend', {}, 'Labels'),
      h('label', { class: 'choice' }, unconditional, ' unconditional (no label)'),
      h('div', { class: 'label-grid' }, labelBoxes.map((box, n) => h('label', { class: 'choice' }, box, ` ${n}`))),
      h('small', { class: 'help' }, 'Images cycle through the chosen labels; with the grid columns left empty there is one label per column.'),
      h('span', { class: 'field-error', 'aria-live': 'polite' })),
    h('div', { class: 'fields' }, FIELDS.map(field)),
    h('details', { class: 'advanced' }, h('summary', {}, 'Advanced'), h('div', { class: 'fields' }, ADVANCED.map(field))),
    summary,
    submit);
  clear(main, h('h1', {}, 'New generation job'), form);

  const byId = new Map();
  const pickModel = () => {
    const model = byId.get(models.value);
    const classes = model ? model.spec?.model?.numClasses ?? 10 : 10;
    labelBoxes.forEach((box, n) => {
      box.disabled = unconditional.checked || n >= classes;
      if (box.disabled) {
        box.checked = false;
      }
    });
    unconditional.disabled = classes === 0;
    if (classes === 0) {
      unconditional.checked = true;
    }
    modelInfo.textContent = model ? `${model.spec?.dataset}, ${model.trainedSteps} steps, ${classes} classes, `
      + `T = ${model.spec?.schedule?.timesteps}` : '';
  };
  const selectAllLabels = () => {
    const model = byId.get(models.value);
    const classes = model ? model.spec?.model?.numClasses ?? 10 : 10;
    unconditional.checked = classes === 0;
    labelBoxes.forEach((box, n) => { box.checked = n < classes; });
    pickModel();
  };
  models.addEventListener('change', selectAllLabels);
  unconditional.addEventListener('change', pickModel);

  Promise.all([get('/models?limit=100'), get('/models?published=true&limit=100').catch(() => ({ items: [] }))])
    .then(([own, published]) => {
      if (stopped) {
        return;
      }
      for (const m of [...own.items, ...published.items]) {
        if (!byId.has(m.id)) {
          byId.set(m.id, m);
          models.append(h('option', { value: m.id },
            `${m.spec?.dataset} · ${m.trainedSteps} steps · ${shortId(m.id)} · ${time(m.createdAt)}${m.published ? ' · published' : ''}`));
        }
      }
      if (byId.size === 0) {
        summary.append(h('p', {}, 'No model yet: ', h('a', { href: '#/train' }, 'train one'), ' first.'));
      }
      const wanted = params.get('model');
      if (wanted && byId.has(wanted)) {
        models.value = wanted;
      }
      selectAllLabels();
    }).catch((e) => summary.append(errorBox(e)));

  clearOnEdit(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form, summary);
    const body = { modelId: models.value, ...collect(form, [...FIELDS, ...ADVANCED]) };
    const chosen = labelBoxes.filter((b) => b.checked).map((b) => Number(b.value));
    if (!unconditional.checked && chosen.length > 0) {
      const count = Number.isInteger(body.numImages) && body.numImages > 0 ? body.numImages : 16;
      body.numImages ??= count;
      body.labels = chosen.length === 1 ? chosen : [...Array(count).keys()].map((i) => chosen[i % chosen.length]);
      if (chosen.length > 1 && body.gridColumns === undefined) {
        body.gridColumns = chosen.length;
      }
    }
    submit.disabled = true;
    try {
      const job = await post('/generation-jobs', body);
      location.hash = `#/jobs/${job.id}`;
    } catch (err) {
      showErrors(form, summary, err);
    } finally {
      submit.disabled = false;
    }
  });
  return () => {
    stopped = true;
  };
}
