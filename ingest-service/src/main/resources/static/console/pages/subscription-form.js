import { ApiError, call, path } from '../api.js';
import { append, errorMessage, field, h, notify, replace } from '../dom.js';
import { byModule, catalogue } from './catalogue.js';

/**
 * Creates (id null) or edits a subscription. The API validates; its messages appear next to
 * the field they name.
 */
export async function subscriptionForm(main, id) {
  const [types, existing] = await Promise.all([catalogue(),
    id ? call('GET', path('/v1/subscriptions/', id)) : Promise.resolve(null)]);
  const current = existing ? existing.body : null;
  const url = h('input', { type: 'url', required: true, autocomplete: 'off', value: current ? current.url : '' });
  const description = h('textarea', { rows: 2, value: current && current.description ? current.description : '' });
  const picker = eventTypePicker(types, current ? current.eventTypes : []);
  const filter = h('textarea', { rows: 4, class: 'mono', spellcheck: 'false',
    value: current && current.filter ? JSON.stringify(current.filter, null, 2) : '' });
  const fields = h('textarea', { rows: 3, class: 'mono', spellcheck: 'false',
    value: current && current.fields ? current.fields.join('\n') : '' });
  const headers = headerEditor(current ? current.headers || {} : {});
  const rateLimit = h('input', { type: 'number', min: 1, max: 10000, inputmode: 'numeric',
    value: current && current.rateLimit ? String(current.rateLimit) : '' });
  const wrappers = {
    url: field('Endpoint URL', url, { name: 'url', hint: 'Where Hookline POSTs each event, signed.' }),
    description: field('Description', description, { name: 'description' }),
    filter: field('Payload filter (JSON)', filter, { name: 'filter',
      hint: 'Conditions on the event data, all of which must hold, e.g. [{"path":"/amount","gte":100}]. Empty: every event.' }),
    fields: field('Field allowlist', fields, { name: 'fields', hint: 'JSON pointers into the data, one per line, e.g. /customer/id. Empty: every field.' }),
    rateLimit: field('Rate limit (requests per second)', rateLimit, { name: 'rateLimit', hint: 'Empty: no limit.' }),
  };
  const general = h('div', { role: 'alert' });
  const form = h('form', { class: 'editor', novalidate: true },
    h('h1', {}, id ? 'Edit subscription' : 'New subscription'),
    general,
    wrappers.url, wrappers.description, picker.element, wrappers.filter, wrappers.fields, headers.element, wrappers.rateLimit,
    h('div', { class: 'buttons' },
      h('button', { type: 'submit' }, id ? 'Save changes' : 'Create subscription'),
      h('a', { class: 'button secondary', href: id ? `#/subscriptions/${encodeURIComponent(id)}` : '#/subscriptions' }, 'Cancel')));
  const errorTargets = { ...wrappers, eventTypes: picker.element, headers: headers.element };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const target of Object.values(errorTargets)) {
      target.showError('');
    }
    replace(general);
    const body = { url: url.value.trim(), eventTypes: picker.selected(), description: description.value.trim() || null };
    try {
      body.filter = filter.value.trim() ? JSON.parse(filter.value) : null;
    } catch (error) {
      wrappers.filter.showError(`Not JSON: ${error.message}`);
      return;
    }
    const pointers = fields.value.split('\n').map((line) => line.trim()).filter(Boolean);
    body.fields = pointers.length > 0 ? pointers : null;
    body.rateLimit = rateLimit.value.trim() ? Number(rateLimit.value) : null;
    body.headers = headers.value(current ? current.headers || {} : null);
    if (!id) {
      for (const name of ['description', 'filter', 'fields', 'rateLimit']) {
        if (body[name] === null) {
          delete body[name];
        }
      }
      if (body.headers === null) {
        delete body.headers;
      }
    }
    try {
      const answer = id
        ? await call('PATCH', path('/v1/subscriptions/', id), body, { headers: { 'If-Match': `"${current.version}"` } })
        : await call('POST', '/v1/subscriptions', body);
      if (id) {
        notify('Saved.');
        location.hash = `#/subscriptions/${encodeURIComponent(id)}`;
      } else {
        replace(main, created(answer.body));
      }
    } catch (error) {
      if (!(error instanceof ApiError)) {
        replace(general, h('p', { class: 'notice error' }, 'Hookline could not be reached.'));
        return;
      }
      if (error.status === 412) {
        replace(general, h('p', { class: 'notice error' }, 'Someone changed this subscription since you opened it. Reload the page to edit the current version.'));
        return;
      }
      const unplaced = [];
      for (const problem of error.errors) {
        const name = problem.field ? problem.field.split(/[.[]/)[0] : '';
        const target = errorTargets[name];
        if (target) {
          target.showError(problem.detail);
        } else {
          unplaced.push(problem.detail);
        }
      }
      replace(general, unplaced.length > 0 ? h('p', { class: 'notice error' }, unplaced.join(' ')) : null);
      const invalid = form.querySelector('[aria-invalid="true"], .error:not([hidden])');
      if (invalid) {
        invalid.scrollIntoView({ block: 'center' });
      }
    }
  });
  append(main, form);
  url.focus();
}

/** The answer to a creation: the secret, shown this once. */
function created(subscription) {
  const warnings = subscription.warnings || [];
  return h('section', { class: 'created' },
    h('h1', {}, 'Subscription created'),
    h('p', {}, 'Give this signing secret to the endpoint\'s owner now. It is shown this once; rotate it to get a new one.'),
    secretBox(subscription.secret),
    warnings.length > 0 ? h('ul', { class: 'warnings' }, warnings.map((w) => h('li', {}, `${w.field}: ${w.detail}`))) : null,
    h('p', {}, h('a', { class: 'button', href: `#/subscriptions/${encodeURIComponent(subscription.id)}` }, 'Go to the subscription')));
}

/** A secret in a read-only field, with a copy button. */
export function secretBox(secret) {
  const input = h('input', { type: 'text', readonly: true, value: secret, class: 'mono secret', id: 'secret', spellcheck: 'false' });
  const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy');
  copy.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(secret);
      copy.textContent = 'Copied';
    } catch {
      copy.textContent = 'Select and copy it';
    }
  });
  return h('div', { class: 'field' }, h('label', { for: 'secret' }, 'Signing secret'), h('div', { class: 'inline' }, input, copy));
}

/**
 * The event-type picker: the catalogue's types grouped by module, a wildcard per type prefix
 * (order.* takes types added later too), every type (*), and patterns typed by hand.
 */
function eventTypePicker(types, chosen) {
  const boxes = [];
  const box = (value, label, hint) => {
    const input = h('input', { type: 'checkbox', value, checked: chosen.includes(value), id: `type-${boxes.length}` });
    boxes.push(input);
    return h('div', { class: 'check' }, input, h('label', { for: input.id }, label, hint ? h('span', { class: 'muted' }, ` ${hint}`) : null));
  };
  const groups = byModule(types).map(([module, list]) => {
    const prefixes = [...new Set(list.map((t) => t.name.split('.')[0]))];
    return h('fieldset', { class: 'module' },
      h('legend', {}, module || 'No module'),
      prefixes.map((prefix) => box(`${prefix}.*`, `${prefix}.*`, 'every type that starts so, later ones too')),
      list.map((t) => box(t.name, t.name, [t.deprecated ? '(deprecated)' : '', t.description || ''].filter(Boolean).join(' '))));
  });
  const known = new Set(boxes.map((b) => b.value).concat('*'));
  const other = h('input', { type: 'text', autocomplete: 'off', class: 'mono',
    value: chosen.filter((p) => !known.has(p)).join(', ') });
  const element = h('fieldset', { class: 'picker', 'data-field': 'eventTypes' },
    h('legend', {}, 'Event types'),
    h('p', { class: 'hint' }, 'Choose what this endpoint receives.'),
    box('*', 'Every event type (*)', 'except Hookline\'s own hookline.*'),
    groups.length > 0 ? h('div', { class: 'modules' }, groups)
      : h('p', { class: 'muted' }, 'The catalogue is empty: type the event types below.'),
    field('Other event types or patterns', other, { hint: 'Comma-separated, e.g. invoice.paid, refund.*' }));
  const error = errorMessage({ role: 'alert' });
  element.insertBefore(error, element.children[2]);
  element.showError = error.show;
  const selected = () => boxes.filter((b) => b.checked).map((b) => b.value)
    .concat(other.value.split(',').map((p) => p.trim()).filter(Boolean));
  return { element, selected };
}

/** Rows of header name and value; value(original) is the merge patch (or the whole map). */
function headerEditor(initial) {
  const rows = h('div', { class: 'rows' });
  const addRow = (name = '', value = '') => {
    const n = rows.children.length + 1;
    const nameInput = h('input', { type: 'text', value: name, autocomplete: 'off', class: 'mono', 'aria-label': `Header ${n} name`, placeholder: 'X-Name' });
    const valueInput = h('input', { type: 'text', value, autocomplete: 'off', class: 'mono', 'aria-label': `Header ${n} value` });
    const row = h('div', { class: 'inline header-row' }, nameInput, valueInput);
    row.append(h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove header ${n}`, onclick: () => row.remove() }, 'Remove'));
    rows.append(row);
    return nameInput;
  };
  for (const [name, value] of Object.entries(initial)) {
    addRow(name, value);
  }
  const error = errorMessage({ role: 'alert' });
  const element = h('fieldset', { class: 'headers', 'data-field': 'headers' },
    h('legend', {}, 'Headers'),
    h('p', { class: 'hint' }, 'Sent with every request, e.g. an Authorization the endpoint expects.'),
    error, rows,
    h('button', { type: 'button', class: 'secondary', onclick: () => addRow().focus() }, 'Add header'));
  element.showError = error.show;
  const value = (original) => {
    const now = {};
    for (const row of rows.children) {
      const [name, val] = row.querySelectorAll('input');
      if (name.value.trim()) {
        now[name.value.trim()] = val.value;
      }
    }
    if (original === null) {
      return Object.keys(now).length > 0 ? now : null;
    }
    const patch = { ...now };
    for (const name of Object.keys(original)) {
      if (!(name in now)) {
        patch[name] = null;
      }
    }
    return patch;
  };
  return { element, value };
}

