import { call, get, path } from '../api.js';
import { RANGES, rangeParams, rateAndLatency } from '../chart.js';
import { action, answer, append, badge, code, confirmDialog, count, facts, failure, field, h, lastAnswer, notify, refreshButton, replace, table, time } from '../dom.js';
import { rangePicker } from './overview.js';
import { apiParams, choice, filterForm, instant, pager, text } from './filters.js';
import { secretBox } from './subscription-form.js';

const OWN = ['tab', 'range'];

/** One subscription: its settings and actions, its chart, its delivery log, and recovery. */
export async function subscription(main, id, params) {
  const route = `/subscriptions/${encodeURIComponent(id)}`;
  const tab = params.get('tab') === 'attempts' ? 'attempts' : 'deliveries';
  const range = params.get('range') || RANGES[1][0];
  const answer = await call('GET', path('/v1/subscriptions/', id));
  const s = answer.body;
  const log = await get(path('/v1/subscriptions/', id, tab === 'attempts' ? '/attempts' : '/events'),
    { limit: 25, ...apiParams(params, OWN) });
  const stats = await get(path('/v1/subscriptions/', id, '/stats'), rangeParams(range));
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const reload = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
  append(main, 
    h('div', { class: 'title' }, h('h1', {}, 'Subscription'), h('span', { class: 'url' }, s.url)),
    h('div', { class: 'buttons' },
      h('a', { class: 'button secondary', href: `#${route}/edit` }, 'Edit'),
      action('Send test event', async () => replace(result, await testSend(id))),
      action(s.active ? 'Deactivate' : 'Activate', async () => {
        await call('PATCH', path('/v1/subscriptions/', id), { active: !s.active }, { headers: { 'If-Match': `"${s.version}"` } })
          .then(() => { notify(s.active ? 'Deactivated.' : 'Activated.'); reload(); }, (e) => replace(result, failure(e)));
      }, { class: 'secondary' }),
      action('Rotate secret', async () => {
        if (await confirmDialog('Rotate the signing secret?', h('p', {}, 'The old secret keeps signing beside the new one for 24 hours, so the endpoint can switch.'), 'Rotate')) {
          await call('POST', path('/v1/subscriptions/', id, '/rotate-secret'), {}, { headers: { 'If-Match': `"${s.version}"` } })
            .then((r) => replace(result, h('h2', {}, 'New signing secret'), h('p', {}, 'Shown this once. The old one signs too until ', time(r.body.previousExpiresAt), '.'), secretBox(r.body.secret)),
              (e) => replace(result, failure(e)));
        }
      }, { class: 'secondary' }),
      action('Delete', async () => {
        if (await confirmDialog('Delete this subscription?', h('p', {}, `${s.url} receives nothing more, and its pending retries stop. This cannot be undone.`), 'Delete')) {
          await call('DELETE', path('/v1/subscriptions/', id)).then(() => {
            notify('Subscription deleted.');
            location.hash = '#/subscriptions';
          }, (e) => replace(result, failure(e)));
        }
      }, { class: 'danger' })),
    result,
    facts([
      ['Id', h('code', {}, s.id)],
      ['Status', [badge(s.active ? 'active' : 'inactive'), s.disabledReason ? ` ${s.disabledReason}` : null]],
      ['Description', s.description],
      ['Event types', s.eventTypes.join(', ')],
      ['Payload filter', s.filter ? code(s.filter) : null],
      ['Field allowlist', s.fields ? s.fields.join(', ') : null],
      ['Headers', s.headers && Object.keys(s.headers).length > 0 ? code(s.headers) : null],
      ['Rate limit', s.rateLimit ? `${s.rateLimit} requests/s` : null],
      ['Previous secrets', (s.secrets || []).length > 0 ? s.secrets.map((x) => ['signs until ', time(x.expiresAt), ' ']) : null],
      ['Delivered', count(s.stats && s.stats.delivered)],
      ['Failing', count(s.stats && s.stats.failing)],
      ['Dead-lettered', count(s.stats && s.stats.deadLettered)],
      ['Last success', s.stats && s.stats.lastSuccessAt ? time(s.stats.lastSuccessAt) : null],
      ['Last failure', s.stats && s.stats.lastFailureAt ? time(s.stats.lastFailureAt) : null],
      ['Created', time(s.createdAt)],
      ['Version', String(s.version)],
    ]),
    h('section', {},
      h('h2', {}, 'Success rate and latency'),
      rangePicker(range, (label) => { location.hash = `#${route}?range=${encodeURIComponent(label)}`; }),
      rateAndLatency(`This subscription, ${range.toLowerCase()}`, stats.buckets)),
    h('section', {},
      h('div', { class: 'title' }, h('h2', { id: 'log' }, 'Delivery log'), refreshButton()),
      h('nav', { class: 'tabs', 'aria-label': 'Delivery log views' },
        h('a', { href: `#${route}`, 'aria-current': tab === 'deliveries' ? 'page' : null }, 'Deliveries'),
        h('a', { href: `#${route}?tab=attempts`, 'aria-current': tab === 'attempts' ? 'page' : null }, 'Attempts')),
      tab === 'attempts' ? attemptLog(route, params, log) : deliveryLog(route, params, log)),
    recoverSection(id));
}

async function testSend(id) {
  try {
    const r = (await call('POST', path('/v1/subscriptions/', id, '/test'))).body;
    return [h('h2', {}, 'Test event'), facts([
      ['Answer', answer(r.status, r.error)],
      ['Delivered', r.delivered ? 'yes' : 'no'],
      ['Latency', `${r.latencyMs} ms`],
      ['webhook-id', h('code', {}, r.webhookId)],
      ['Response', r.responseSnippet ? h('pre', { class: 'code snippet', id: 'test-response' }, r.responseSnippet) : '(empty)'],
    ])];
  } catch (error) {
    return failure(error);
  }
}

function deliveryLog(route, params, page) {
  return [
    filterForm(route, params, {
      status: choice('State', [['', 'Any'], ['pending', 'Pending'], ['retrying', 'Retrying'], ['delivered', 'Delivered'],
        ['dead_lettered', 'Dead-lettered'], ['dropped', 'Dropped']]),
      eventType: text('Event type'),
      since: instant('Since'),
      until: instant('Until'),
    }, 'Delivery filters'),
    table('Deliveries, newest first', [
      ['Event', (d) => [d.eventType, h('div', { class: 'muted mono' }, d.eventId)]],
      ['Delivery', (d) => h('a', { href: `#/deliveries/${encodeURIComponent(d.deliveryId)}`, class: 'mono' }, d.deliveryId)],
      ['State', (d) => badge(d.state)],
      ['Attempts', (d) => count(d.attempts)],
      ['Last answer', (d) => lastAnswer(d.lastStatus, d.lastError)],
      ['Last attempt', (d) => time(d.lastAttemptAt)],
      ['Next attempt', (d) => time(d.nextAttemptAt)],
      ['Payload SHA-256', (d) => hash(d.bodySha256)],
      ['', (d) => redeliverButton(d.deliveryId)],
    ], page.data, 'No delivery matches.'),
    pager(route, params, page.next),
  ];
}

function attemptLog(route, params, page) {
  return [
    filterForm(route, params, {
      tab: hiddenTab(),
      status: text('Status', 'succeeded, failed, or a status code such as 500'),
      eventType: text('Event type'),
      since: instant('Since'),
      until: instant('Until'),
    }, 'Attempt filters'),
    table('Attempts, newest first', [
      ['At', (a) => time(a.at)],
      ['Delivery', (a) => [h('a', { href: `#/deliveries/${encodeURIComponent(a.deliveryId)}`, class: 'mono' }, a.deliveryId),
        h('div', { class: 'muted' }, `${a.eventType}, attempt ${a.attempt}`)]],
      ...ATTEMPT_COLUMNS,
    ], page.data, 'No attempt matches.'),
    pager(route, params, page.next),
  ];
}

function hiddenTab() {
  return h('input', { type: 'hidden', value: 'attempts' });
}

/** Queues one delivery again; the button becomes what happened. */
function redeliverButton(deliveryId) {
  const button = action('Redeliver', async () => {
    try {
      await call('POST', path('/v1/deliveries/', deliveryId, '/redeliver'));
      button.replaceWith(h('span', { class: 'muted', role: 'status' }, 'Queued again'));
    } catch (error) {
      button.replaceWith(failure(error));
    }
  }, { class: 'secondary small', 'aria-label': `Redeliver ${deliveryId}` });
  return button;
}

/** What an attempt got and what came next: the columns of both attempt tables. */
export const ATTEMPT_COLUMNS = [
  ['Answer', (a) => answer(a.status, a.error)],
  ['Latency', (a) => `${a.latencyMs} ms`],
  ['Response', (a) => (a.responseSnippet ? h('pre', { class: 'code snippet' }, a.responseSnippet) : '')],
  ['Payload SHA-256', (a) => hash(a.bodySha256)],
  ['Then', (a) => [a.nextAction, a.nextAttemptAt ? h('div', { class: 'muted' }, time(a.nextAttemptAt)) : null]],
];

function hash(sha) {
  return sha ? h('code', { title: sha }, `${sha.slice(0, 12)}…`) : '';
}

function recoverSection(id) {
  const since = h('input', { type: 'datetime-local', step: '1', required: true });
  const until = h('input', { type: 'datetime-local', step: '1' });
  const sinceField = field('Since', since);
  const untilField = field('Until', until, { hint: 'Empty: now.' });
  const outcome = h('div', { 'aria-live': 'polite' });
  const range = () => ({ since: since.value ? new Date(since.value).toISOString() : '',
    until: until.value ? new Date(until.value).toISOString() : undefined });
  const send = async (dryRun) => {
    const { since: from, until: to } = range();
    if (!from) {
      sinceField.showError('Choose where the range starts.');
      return null;
    }
    sinceField.showError('');
    return (await call('POST', path('/v1/subscriptions/', id, '/recover'), { since: from, until: to, dryRun })).body;
  };
  const counting = action('Count failed deliveries', async () => {
    try {
      const dry = await send(true);
      if (!dry) {
        return;
      }
      const todo = dry.matched - dry.alreadyQueued;
      replace(outcome, h('p', {}, `${dry.matched} failed or dead-lettered ${dry.matched === 1 ? 'delivery' : 'deliveries'} in the range; ${dry.alreadyQueued} already queued again; ${todo} to send.`),
        todo > 0 ? action(`Send ${todo} again`, async () => {
          try {
            const done = await send(false);
            replace(outcome, h('p', {}, `Queued ${done.queued} again` + (done.gone ? `, ${done.gone} gone (Kafka's retention deleted their body)` : '')
              + (done.remaining ? `; ${done.remaining} remain: count again to go on.` : '.')));
          } catch (error) {
            replace(outcome, failure(error));
          }
        }, { class: 'danger' }) : null);
    } catch (error) {
      replace(outcome, failure(error));
    }
  });
  return h('section', {},
    h('h2', {}, 'Recover failed deliveries'),
    h('p', {}, 'Sends again every delivery of this subscription that is retrying or dead-lettered and was created in the range, with its webhook-id. Count them first.'),
    h('div', { class: 'inline wrap' }, sinceField, untilField),
    h('div', { class: 'buttons' }, counting),
    outcome);
}
