// Building pages from values the console does not trust (URLs, response snippets, descriptions,
// event data): every value becomes a text node or a property, never markup. The page's
// Content-Security-Policy (require-trusted-types-for 'script') refuses innerHTML anyway.

const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'indeterminate']);

/** An element: h('a', {href: '#/x', onclick: f}, 'text', child, [more]). */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (PROPERTIES.has(name)) {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, ...children);
  return element;
}

/** Appends each child, strings as text; arrays are flattened, null and false left out. */
export function append(element, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, ...children);
}

let ids = 0;

/** A labelled control: the label names it, the hint and any error describe it. */
export function field(label, control, options = {}) {
  const id = control.id || `f${++ids}`;
  control.id = id;
  const hint = options.hint ? h('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null;
  const error = errorMessage({ id: `${id}-error` });
  control.setAttribute('aria-describedby', [hint && hint.id, error.id].filter(Boolean).join(' '));
  const wrapper = h('div', { class: 'field', 'data-field': options.name || '' }, h('label', { for: id }, label), control, hint, error);
  wrapper.showError = (text) => {
    error.show(text);
    control.setAttribute('aria-invalid', text ? 'true' : 'false');
  };
  return wrapper;
}

/** Where a validation message goes: hidden until show(text) gives it one, show('') hides it. */
export function errorMessage(props = {}) {
  const error = h('p', { class: 'error', hidden: true, ...props });
  error.show = (text) => {
    error.textContent = text || '';
    error.hidden = !text;
  };
  return error;
}

/** A table; columns are [heading, row => cell content]. */
export function table(caption, columns, rows, empty = 'Nothing to show.') {
  if (rows.length === 0) {
    return h('p', { class: 'empty' }, empty);
  }
  return h('div', { class: 'scroll' }, h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map(([heading]) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(row))))))));
}

/** A definition list of [term, value] pairs; null values are left out. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

export function time(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return String(iso);
  }
  return h('time', { datetime: iso, title: iso }, date.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }));
}

export const percent = (rate) => (rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(1)} %`);

export const count = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString());

/** A coloured badge for a delivery state or an HTTP status. */
export function badge(text, kind) {
  return h('span', { class: `badge ${kind || kindOf(text)}` }, String(text).replace('_', ' '));
}

/** An attempt's answer: its HTTP status, or why none came back. */
export function answer(status, error) {
  return status ? badge(String(status)) : badge(error || 'no answer', 'bad');
}

/** A delivery's last answer: its HTTP status, why none came back, or a dash before any. */
export function lastAnswer(status, error) {
  return status ? badge(String(status)) : error || '–';
}

function kindOf(value) {
  const text = String(value);
  if (text === 'delivered' || text === 'active' || /^2\d\d$/.test(text)) {
    return 'good';
  }
  if (text === 'dead_lettered' || text === 'inactive' || /^[45]\d\d$/.test(text) || text === 'failing') {
    return 'bad';
  }
  return 'neutral';
}

/** Text in a pre block; JSON values pretty-printed. */
export function code(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return h('pre', { class: 'code', tabindex: '0' }, text);
}

/** A button that disables itself while its action runs. */
export function action(label, run, props = {}) {
  const button = h('button', { type: 'button', ...props }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await run(button);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** Renders the current page again, with fresh data from the API. */
export function refreshButton() {
  return h('button', { type: 'button', class: 'secondary', onclick: () => window.dispatchEvent(new HashChangeEvent('hashchange')) },
    'Refresh');
}

/** A modal confirmation: resolves true when the user confirms. */
export function confirmDialog(title, body, confirmLabel) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title),
      h('div', {}, body),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close('cancel') }, 'Cancel'),
        h('button', { type: 'button', class: 'danger', onclick: () => dialog.close('confirm') }, confirmLabel)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

let keepNotice = false;

/** A page-level message, read out by screen readers; it stays through the next navigation. */
export function notify(text, kind = 'info') {
  replace(document.getElementById('notice'), text ? h('p', { class: `notice ${kind}` }, text) : null);
  keepNotice = Boolean(text);
}

/** On a navigation: clears the message, unless it was just given for the page to come. */
export function navigated() {
  if (keepNotice) {
    keepNotice = false;
  } else {
    replace(document.getElementById('notice'));
  }
}

/** An error as a message in the page. */
export function failure(error) {
  const status = error && error.status ? ` (${error.status})` : '';
  const text = error instanceof TypeError ? 'Hookline could not be reached.' : (error && error.message) || String(error);
  return h('p', { class: 'notice error', role: 'alert' }, text + status);
}
