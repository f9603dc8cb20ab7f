// Line charts of a metric over steps, drawn as SVG (no library), with the values in words for screen readers.
import { h, number } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 600;
const H = 220;
const PAD = { left: 64, right: 12, top: 12, bottom: 32 };

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    el.setAttribute(name, String(value));
  }
  el.append(...children);
  return el;
}

/** A figure of `points` ([step, value] pairs, by step); `log`: a logarithmic y axis (positive values only). */
export function lineChart(title, points, { log = false } = {}) {
  const usable = points.filter(([, y]) => Number.isFinite(y) && (!log || y > 0));
  const caption = h('figcaption', {}, title, usable.length
    ? h('span', { class: 'muted' }, ` — last ${number(usable[usable.length - 1][1])} at step ${usable[usable.length - 1][0]}`)
    : h('span', { class: 'muted' }, ' — no points yet'));
  if (usable.length === 0) {
    return h('figure', { class: 'chart' }, caption);
  }
  const ty = log ? Math.log10 : (v) => v;
  const xs = usable.map(([x]) => x);
  const ys = usable.map(([, y]) => ty(y));
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  if (y0 === y1) {
    const half = Math.abs(y0) / 2 || 0.5;
    y0 -= half;
    y1 += half;
  }
  const px = (x) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const py = (y) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const path = usable.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(ty(y)).toFixed(1)}`).join(' ');
  const label = (v) => number(log ? 10 ** v : v);
  const ticks = [y0, (y0 + y1) / 2, y1];
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `${title}: ${usable.length} points from step ${xs[0]} to ${xs[xs.length - 1]}, `
      + `from ${number(usable[0][1])} to ${number(usable[usable.length - 1][1])}${log ? ' (log scale)' : ''}` },
  svg('rect', { x: PAD.left, y: PAD.top, width: W - PAD.left - PAD.right, height: H - PAD.top - PAD.bottom, class: 'plot' }),
  ...ticks.map((t) => svg('text', { x: PAD.left - 6, y: py(t) + 4, 'text-anchor': 'end', class: 'tick' }, label(t))),
  svg('text', { x: PAD.left, y: H - 10, class: 'tick' }, String(Math.round(x0))),
  svg('text', { x: W - PAD.right, y: H - 10, 'text-anchor': 'end', class: 'tick' }, `step ${Math.round(x1)}`),
  svg('path', { d: path, class: 'line' }));
  return h('figure', { class: 'chart' }, caption, chart);
}
