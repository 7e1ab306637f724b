import { call, path } from '../api.js';
import { action, append, badge, code, facts, failure, h, refreshButton, replace, table, time } from '../dom.js';
import { ATTEMPT_COLUMNS } from './subscription.js';

/** One delivery (GET /v1/deliveries/{id}): its state, every attempt, and a redeliver button. */
export async function delivery(main, id) {
  const d = (await call('GET', path('/v1/deliveries/', id))).body;
  const result = h('div', { 'aria-live': 'polite' });
  const payload = h('div', { id: 'payload' }, action('Show payload', async () => {
    try {
      const p = (await call('GET', path('/v1/deliveries/', id, '/payload'))).body;
      replace(payload, h('p', { class: 'muted' }, 'The exact body the endpoint receives; SHA-256 ', h('code', {}, p.bodySha256)), code(p.body));
    } catch (error) {
      replace(payload, failure(error));
    }
  }, { class: 'secondary' }));
  append(main, 
    h('div', { class: 'title' }, h('h1', {}, 'Delivery'), h('code', {}, d.id)),
    h('div', { class: 'buttons' },
      action('Redeliver', async () => {
        try {
          const queued = (await call('POST', path('/v1/deliveries/', id, '/redeliver'))).body;
          replace(result, h('p', { class: 'notice info' }, 'Queued again at ', time(queued.queuedAt),
            ', with the same webhook-id and body. Refresh to follow it.'));
        } catch (error) {
          replace(result, failure(error));
        }
      }),
      refreshButton(),
      h('a', { class: 'button secondary', href: `#/subscriptions/${encodeURIComponent(d.subscriptionId)}` }, 'Subscription')),
    result,
    facts([
      ['State', badge(d.state)],
      ['webhook-id', h('code', {}, d.id)],
      ['Event', [d.eventType, ' ', h('code', {}, d.eventId)]],
      ['Subscription', h('a', { href: `#/subscriptions/${encodeURIComponent(d.subscriptionId)}` }, d.subscriptionId)],
      ['Created', time(d.createdAt)],
      ['Payload SHA-256', d.bodySha256 ? h('code', {}, d.bodySha256) : null],
      ['Next attempt', d.nextAttemptAt ? time(d.nextAttemptAt) : null],
    ]),
    h('h2', {}, 'Payload'),
    payload,
    h('h2', {}, 'Attempts'),
    table('Attempts, oldest first', [
      ['#', (a) => String(a.attempt)],
      ['At', (a) => time(a.at)],
      ...ATTEMPT_COLUMNS,
    ], d.attempts || [], 'No attempt yet.'));
}
