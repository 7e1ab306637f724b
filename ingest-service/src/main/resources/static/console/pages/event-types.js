import { append, badge, code, h } from '../dom.js';
import { byModule, catalogue } from './catalogue.js';

/** The event-type catalogue by module, each type with its schema and an example. */
export async function eventTypes(main) {
  const groups = byModule(await catalogue());
  append(main, 
    h('h1', {}, 'Event types'),
    h('p', {}, 'The catalogue of the event types this tenant publishes (PUT /v1/event-types/{name} adds one).'),
    groups.length === 0 ? h('p', { class: 'empty' }, 'The catalogue is empty.') : null,
    groups.map(([module, types]) => h('section', { class: 'module' },
      h('h2', {}, module || 'No module'),
      types.map((t) => h('details', { class: 'event-type' },
        h('summary', {}, h('code', {}, t.name), t.deprecated ? [' ', badge('deprecated', 'bad')] : null,
          t.description ? h('span', { class: 'muted' }, ` ${t.description}`) : null),
        h('div', { class: 'columns' },
          h('div', {}, h('h3', {}, 'Schema'), t.schema ? code(t.schema) : h('p', { class: 'muted' }, 'No schema: any data.')),
          h('div', {}, h('h3', {}, 'Example'), code({ type: t.name, data: example(t.schema) ?? {} }))))))));
}

/** An example of data for a JSON Schema: its own examples first, else one made from its types. */
export function example(schema, depth = 0) {
  if (!schema || typeof schema !== 'object' || depth > 8) {
    return null;
  }
  if (Array.isArray(schema.examples) && schema.examples.length > 0) {
    return schema.examples[0];
  }
  for (const key of ['example', 'const', 'default']) {
    if (key in schema) {
      return schema[key];
    }
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum[0];
  }
  const alternatives = schema.oneOf || schema.anyOf || schema.allOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    return example(alternatives[0], depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type || (schema.properties ? 'object' : null);
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties || {}).map(([name, s]) => [name, example(s, depth + 1)]));
    case 'array': {
      const item = example(schema.items, depth + 1);
      return item === null ? [] : [item];
    }
    case 'string':
      return { 'date-time': new Date(0).toISOString(), date: '1970-01-01', email: 'someone@example.com', uri: 'https://example.com/',
        uuid: '00000000-0000-0000-0000-000000000000' }[schema.format] || 'text';
    case 'integer':
      return schema.minimum ?? 1;
    case 'number':
      return schema.minimum ?? 1.5;
    case 'boolean':
      return true;
    default:
      return null;
  }
}
