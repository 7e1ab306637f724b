// Filter forms whose values live in the route's query (#/page?status=...), so a filtered page
// can be bookmarked, and the browser's back button returns to the previous filter.

import { field, h } from '../dom.js';

/**
 * A filter form over named controls; submitting it (or "Clear") moves to the route with the
 * new query, without the paging cursor.
 */
export function filterForm(route, params, controls, label = 'Filters') {
  for (const [name, control] of Object.entries(controls)) {
    control.name = name;
    const value = params.get(name);
    if (value !== null) {
      control.value = control.type === 'datetime-local' ? toLocalInput(value) : value;
    }
  }
  const form = h('form', { class: 'filters', 'aria-label': label },
    Object.entries(controls).map(([, control]) => control.closest('.field') || control),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit' }, 'Apply'),
      h('button', { type: 'button', class: 'secondary', onclick: () => { location.hash = `#${route}`; } }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, control] of Object.entries(controls)) {
      const value = control.type === 'datetime-local' ? fromLocalInput(control.value) : control.value.trim();
      if (value) {
        next.set(name, value);
      }
    }
    const text = next.toString();
    location.hash = `#${route}${text ? `?${text}` : ''}`;
  });
  return form;
}

/** Labelled controls for filterForm: their fields must be built before it reads them. */
export function text(label, hint) {
  const input = h('input', { type: 'text', autocomplete: 'off' });
  field(label, input, { hint });
  return input;
}

export function choice(label, options) {
  const select = h('select', {}, options.map(([value, text]) => h('option', { value }, text)));
  field(label, select);
  return select;
}

export function instant(label) {
  const input = h('input', { type: 'datetime-local', step: '1' });
  field(label, input);
  return input;
}

/** Links to the first and the next page, given the answer's `next` cursor. */
export function pager(route, params, next) {
  const first = new URLSearchParams(params);
  first.delete('after');
  const later = new URLSearchParams(params);
  later.set('after', next || '');
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    params.get('after') ? h('a', { href: `#${route}${first.toString() ? `?${first}` : ''}` }, 'First page') : null,
    next ? h('a', { href: `#${route}?${later}`, rel: 'next' }, 'Next page') : null);
}

function toLocalInput(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 19);
}

function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : '';
}

/** The query params the API takes from the route's: everything but the console's own. */
export function apiParams(params, own = []) {
  const result = {};
  for (const [name, value] of params) {
    if (!own.includes(name)) {
      result[name] = value;
    }
  }
  return result;
}
