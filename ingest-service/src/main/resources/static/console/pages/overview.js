import { get } from '../api.js';
import { RANGES, rangeParams, rateAndLatency } from '../chart.js';
import { append, count, h, percent, table, time } from '../dom.js';

/** The tenant's health (GET /v1/health) and its delivery report (GET /v1/stats). */
export async function overview(main, params) {
  const range = params.get('range') || RANGES[1][0];
  const [health, report] = await Promise.all([get('/v1/health'), get('/v1/stats', rangeParams(range))]);
  const failing = health.failingEndpoints || { count: 0, subscriptionIds: [] };
  append(main, 
    h('h1', {}, 'Overview'),
    h('section', { class: 'cards', 'aria-label': 'Health' },
      card('Subscriptions', count(health.subscriptions.total), `${count(health.subscriptions.active)} active`),
      card('Last hour', percent(health.lastHour.successRate), totals(health.lastHour)),
      card('Last 24 hours', percent(health.last24Hours.successRate), totals(health.last24Hours)),
      card('Retrying', count(health.deliveries.retrying), 'deliveries waiting for their next attempt'),
      card('Dead-lettered', count(health.deliveries.deadLettered), h('a', { href: '#/dead-letters' }, 'Browse the dead letters')),
      card('Open circuits', count(failing.count),
        failing.oldestSince ? ['failing since ', time(failing.oldestSince)] : 'no endpoint is failing')),
    failing.subscriptionIds && failing.subscriptionIds.length > 0
      ? h('section', {}, h('h2', {}, 'Failing endpoints'), h('ul', {}, failing.subscriptionIds.map(
        (id) => h('li', {}, h('a', { href: `#/subscriptions/${encodeURIComponent(id)}` }, id)))))
      : null,
    h('section', {},
      h('h2', {}, 'Deliveries over time'),
      rangePicker(range, (label) => { location.hash = `#/overview?range=${encodeURIComponent(label)}`; }),
      rateAndLatency(`All subscriptions, ${range.toLowerCase()}`, report.buckets),
      h('h3', {}, 'By subscription'),
      table('Subscriptions with attempts in the range, most failures first', [
        ['Endpoint', (s) => h('a', { href: `#/subscriptions/${encodeURIComponent(s.subscriptionId)}` }, s.url)],
        ['Attempts', (s) => count(s.total.attempts)],
        ['Failed', (s) => count(s.total.failed)],
        ['Success rate', (s) => percent(s.total.successRate)],
        ['p99 ms', (s) => (s.total.latencyMs ? s.total.latencyMs.p99 : '–')],
      ], report.subscriptions, 'No attempts in this range.')));
}

function card(title, figure, detail) {
  return h('div', { class: 'card' }, h('h2', {}, title), h('p', { class: 'figure' }, figure), h('p', { class: 'detail' }, detail));
}

function totals(t) {
  return `${count(t.attempts)} attempts, ${count(t.succeeded)} succeeded, ${count(t.failed)} failed`;
}

/** A select of the chart ranges that calls back with the chosen label. */
export function rangePicker(current, onChange) {
  const select = h('select', { id: 'range' }, RANGES.map(([label]) => h('option', { value: label, selected: label === current }, label)));
  select.addEventListener('change', () => onChange(select.value));
  return h('div', { class: 'inline' }, h('label', { for: 'range' }, 'Range'), select);
}
