// Models: a thumbnail of the latest grid, steps trained, data set, created time.
import { get } from './api.js';
import { artifact, clear, errorBox, h, shortId, time } from './dom.js';

export function modelsView(main) {
  let stopped = false;
  const list = h('div', { class: 'models' });
  clear(main, h('h1', {}, 'Models'), list);
  Promise.all([get('/models?limit=100'), latestGrids()]).then(([models, grids]) => {
    if (stopped) {
      return;
    }
    if (models.items.length === 0) {
      list.append(h('p', {}, 'No models yet. ', h('a', { href: '#/train' }, 'Train one'), '.'));
    }
    for (const m of models.items) {
      const grid = grids.byModel.get(m.id) || grids.byTrainingJob.get(m.trainingJobId);
      list.append(h('article', { class: 'card model', 'data-model': m.id },
        grid ? h('img', { src: grid.url, alt: `Latest grid of model ${shortId(m.id)}`, loading: 'lazy' })
          : h('div', { class: 'no-image' }, 'no grid yet'),
        h('h2', {}, `${m.spec?.dataset} `, h('code', {}, shortId(m.id))),
        h('dl', { class: 'facts' },
          h('div', {}, h('dt', {}, 'Steps trained'), h('dd', {}, m.trainedSteps ?? '')),
          h('div', {}, h('dt', {}, 'Data set'), h('dd', {}, m.spec?.dataset)),
          h('div', {}, h('dt', {}, 'Created'), h('dd', {}, time(m.createdAt)))),
        h('p', { class: 'buttons' },
          h('a', { class: 'button', href: `#/generate?model=${m.id}` }, 'Generate'),
          h('a', { href: `#/jobs/${m.trainingJobId}` }, 'Training job'))));
    }
  }).catch((e) => list.append(errorBox(e)));
  return () => {
    stopped = true;
  };
}

/** The newest generation grid of each model, else its training job's last preview grid. */
async function latestGrids() {
  const [generations, trainings] = await Promise.all([
    get('/jobs?type=GENERATION&status=SUCCEEDED&limit=100'),
    get('/jobs?type=TRAINING&status=SUCCEEDED&limit=100')]);
  const byModel = new Map();
  for (const job of generations.items) {
    const grid = artifact(job, 'grid.png');
    if (grid && !byModel.has(job.modelId)) {
      byModel.set(job.modelId, grid);
    }
  }
  const byTrainingJob = new Map();
  for (const job of trainings.items) {
    const previews = job.artifacts.filter((a) => /^preview-step-\d+\.png$/.test(a.name))
      .sort((a, b) => Number(b.name.match(/\d+/)[0]) - Number(a.name.match(/\d+/)[0]));
    if (previews.length) {
      byTrainingJob.set(job.id, previews[0]);
    }
  }
  return { byModel, byTrainingJob };
}
