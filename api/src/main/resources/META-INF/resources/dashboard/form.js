// Spec forms: fields described by their JSON path, collected into a nested body, the API's field errors shown
// beside the fields they name.
import { clear, h } from './dom.js';

/**
 * One form field. def: {path: 'optimizer.learningRate', label, kind: 'int' | 'num' | 'text' | 'select' | 'bool' |
 * 'ints', options: [values] (select), help, placeholder (the default, shown when empty)}.
 * An empty field is left out of the body, so the API's default applies.
 */
export function field(def) {
  const id = `f-${def.path.replace(/[^A-Za-z0-9]/g, '-')}`;
  const describedBy = `${id}-help ${id}-error`;
  let input;
  if (def.kind === 'select' || def.kind === 'bool') {
    const options = def.kind === 'bool' ? ['true', 'false'] : def.options;
    input = h('select', { id, name: def.path, 'aria-describedby': describedBy },
      def.required ? null : h('option', { value: '' }, `default${def.placeholder ? ` (${def.placeholder})` : ''}`),
      options.map((o) => h('option', { value: o }, def.kind === 'bool' ? (o === 'true' ? 'yes' : 'no') : o)));
  } else {
    input = h('input', { id, name: def.path, type: 'text', autocomplete: 'off', list: def.list,
      inputmode: def.kind === 'int' ? 'numeric' : def.kind === 'num' ? 'decimal' : null,
      placeholder: def.placeholder ? `default: ${def.placeholder}` : null, 'aria-describedby': describedBy });
  }
  return h('div', { class: 'field', 'data-field': def.path },
    h('label', { for: id }, def.label),
    input,
    def.help ? h('small', { id: `${id}-help`, class: 'help' }, def.help) : h('span', { id: `${id}-help`, hidden: true }),
    h('span', { id: `${id}-error`, class: 'field-error', 'aria-live': 'polite' }));
}

/** The value to send: numbers as numbers; anything unreadable as typed, so that the API names the problem. */
function value(def, raw) {
  const text = raw.trim();
  if (def.kind === 'int' || def.kind === 'num') {
    return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : text;
  }
  if (def.kind === 'bool') {
    return text === 'true';
  }
  if (def.kind === 'ints') {
    return text.split(/[\s,]+/).filter(Boolean).map((t) => (/^-?\d+$/.test(t) ? Number(t) : t));
  }
  return text;
}

export function collect(form, defs) {
  const body = {};
  for (const def of defs) {
    const el = form.elements.namedItem(def.path);
    if (!el || el.value.trim() === '') {
      continue;
    }
    const keys = def.path.split('.');
    let target = body;
    for (const key of keys.slice(0, -1)) {
      target = target[key] ??= {};
    }
    target[keys[keys.length - 1]] = value(def, el.value);
  }
  return body;
}

/** Sets every field from a nested object (a preset); fields it does not name are emptied. */
export function fill(form, defs, values) {
  for (const def of defs) {
    const el = form.elements.namedItem(def.path);
    if (!el) {
      continue;
    }
    const v = def.path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), values);
    el.value = v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v);
  }
}

/** A field's error goes when the field is edited. */
export function clearOnEdit(form) {
  form.addEventListener('input', (e) => {
    const box = e.target.closest('.field');
    if (box) {
      box.querySelector('.field-error').textContent = '';
      e.target.removeAttribute('aria-invalid');
    }
  });
}

export function clearErrors(form, summary) {
  for (const el of form.querySelectorAll('.field-error')) {
    el.textContent = '';
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
  }
  clear(summary);
}

/**
 * Shows an ApiError: each field error beside its field (`model.channelMultipliers[1]` beside
 * `model.channelMultipliers`), the others and the detail in the summary; the first invalid field gets the focus.
 */
export function showErrors(form, summary, error) {
  clearErrors(form, summary);
  const unplaced = [];
  let first = null;
  for (const { field: path, message } of error.fieldErrors || []) {
    const name = String(path || '').replace(/\[\d+\]/g, '');
    const box = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
    if (!box) {
      unplaced.push(`${path}: ${message}`);
      continue;
    }
    const text = box.querySelector('.field-error');
    text.textContent = text.textContent ? `${text.textContent}; ${message}` : message;
    const input = box.querySelector('input, select');
    input.setAttribute('aria-invalid', 'true');
    first ??= input;
    box.closest('details')?.setAttribute('open', '');
  }
  clear(summary, h('div', { class: 'error', role: 'alert' },
    h('p', {}, `${error.problem?.title || 'Error'}: ${error.message}`),
    unplaced.length ? h('ul', {}, unplaced.map((m) => h('li', {}, m))) : null));
  (first || summary).focus?.();
}
