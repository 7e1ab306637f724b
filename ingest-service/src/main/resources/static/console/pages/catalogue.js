import { get } from '../api.js';

/** Every catalogued event type, deprecated ones too, in name order. */
export async function catalogue() {
  const types = [];
  let after = null;
  do {
    const page = await get('/v1/event-types', { limit: 500, includeDeprecated: true, after });
    types.push(...page.data);
    after = page.next;
  } while (after);
  return types;
}

/** The types grouped by module, modules in name order, those without one last. */
export function byModule(types) {
  const groups = new Map();
  for (const type of types) {
    const module = type.module || '';
    if (!groups.has(module)) {
      groups.set(module, []);
    }
    groups.get(module).push(type);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
}
