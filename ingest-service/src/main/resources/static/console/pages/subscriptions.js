import { get } from '../api.js';
import { append, badge, count, h, table, time } from '../dom.js';
import { apiParams, choice, filterForm, pager, text } from './filters.js';

const ROUTE = '/subscriptions';

/** The tenant's subscriptions: filters, sorting and paging of GET /v1/subscriptions. */
export async function subscriptions(main, params) {
  const page = await get('/v1/subscriptions', { limit: 25, ...apiParams(params) });
  append(main, 
    h('div', { class: 'title' }, h('h1', {}, 'Subscriptions'), h('a', { class: 'button', href: '#/subscriptions/new' }, 'New subscription')),
    filterForm(ROUTE, params, {
      url: text('URL contains'),
      eventType: text('Receives event type', 'For example order.created'),
      active: choice('Status', [['', 'Any'], ['true', 'Active'], ['false', 'Inactive']]),
      lastStatus: choice('Last delivery', [['', 'Any'], ['delivered', 'Delivered'], ['failing', 'Failing'],
        ['dead_lettered', 'Dead-lettered'], ['none', 'None yet']]),
      sort: choice('Sort by', [['id', 'Id'], ['created_at', 'Created'], ['last_delivery_at', 'Last delivery'], ['url', 'URL']]),
      order: choice('Order', [['asc', 'Ascending'], ['desc', 'Descending']]),
    }),
    table('Subscriptions', [
      ['Endpoint', (s) => [h('a', { href: `#/subscriptions/${encodeURIComponent(s.id)}` }, s.url),
        s.description ? h('div', { class: 'muted' }, s.description) : null]],
      ['Event types', (s) => s.eventTypes.join(', ')],
      ['Status', (s) => [badge(s.active ? 'active' : 'inactive'), s.disabledReason ? h('div', { class: 'muted' }, s.disabledReason) : null]],
      ['Last delivery', (s) => lastDelivery(s.stats)],
      ['Delivered', (s) => count(s.stats && s.stats.delivered)],
      ['Failing', (s) => count(s.stats && s.stats.failing)],
      ['Dead-lettered', (s) => count(s.stats && s.stats.deadLettered)],
      ['Created', (s) => time(s.createdAt)],
    ], page.data, 'No subscription matches.'),
    pager(ROUTE, params, page.next));
}

function lastDelivery(stats) {
  if (!stats || !stats.lastStatus) {
    return 'none yet';
  }
  const at = stats.lastStatus === 'delivered' ? stats.lastSuccessAt : stats.lastFailureAt;
  return [badge(stats.lastStatus), ' ', time(at)];
}
