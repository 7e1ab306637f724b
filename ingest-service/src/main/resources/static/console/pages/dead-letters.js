import { call, get, path } from '../api.js';
import { append, badge, confirmDialog, count, h, lastAnswer, refreshButton, replace, table, time } from '../dom.js';
import { apiParams, filterForm, instant, pager, text } from './filters.js';

const ROUTE = '/dead-letters';

/**
 * The tenant's dead letters (GET /v1/dead-letters): filter, inspect, and replay the selected
 * ones after a preview, each through POST /v1/deliveries/{id}/redeliver.
 */
export async function deadLetters(main, params) {
  const page = await get('/v1/dead-letters', { limit: 50, ...apiParams(params) });
  const selected = new Map();
  const outcome = h('div', { 'aria-live': 'polite' });
  const replayButton = h('button', { type: 'button', disabled: true }, 'Replay selected…');
  const refresh = () => {
    replayButton.disabled = selected.size === 0;
    replayButton.textContent = selected.size === 0 ? 'Replay selected…' : `Replay ${selected.size} selected…`;
  };
  const checkbox = (d) => {
    const box = h('input', { type: 'checkbox', 'aria-label': `Select ${d.deliveryId}`, class: 'select' });
    box.addEventListener('change', () => {
      if (box.checked) {
        selected.set(d.deliveryId, d);
      } else {
        selected.delete(d.deliveryId);
      }
      refresh();
    });
    return box;
  };
  const all = h('input', { type: 'checkbox', 'aria-label': 'Select every dead letter on this page' });
  all.addEventListener('change', () => {
    for (const box of main.querySelectorAll('input.select')) {
      if (box.checked !== all.checked) {
        box.click();
      }
    }
  });
  replayButton.addEventListener('click', async () => {
    const chosen = [...selected.values()];
    const already = chosen.filter((d) => d.replayed).length;
    const preview = h('div', {},
      h('p', {}, `${chosen.length === 1 ? 'This delivery' : `These ${chosen.length} deliveries`} will be queued again as first attempts, each with its webhook-id and body.`
        + (already > 0 ? ` ${already} of them were queued again before: the endpoint may receive them twice.` : '')),
      table('To replay', [
        ['Delivery', (d) => h('code', {}, d.deliveryId)],
        ['Event type', (d) => d.eventType],
        ['Last answer', (d) => (d.lastStatus ? String(d.lastStatus) : d.lastError || '–')],
        ['Now', (d) => badge(d.state)],
      ], chosen));
    if (!(await confirmDialog('Replay dead letters?', preview, `Replay ${chosen.length}`))) {
      return;
    }
    replayButton.disabled = true;
    const results = [];
    for (const d of chosen) {
      try {
        await call('POST', path('/v1/deliveries/', d.deliveryId, '/redeliver'));
        results.push([d.deliveryId, 'queued']);
      } catch (error) {
        results.push([d.deliveryId, `not queued: ${error.message}`]);
      }
      replace(outcome, h('p', {}, `Replaying: ${results.length} of ${chosen.length} done.`));
    }
    const queued = results.filter(([, r]) => r === 'queued').length;
    replace(outcome,
      h('p', { class: `notice ${queued === chosen.length ? 'info' : 'error'}` }, `${queued} of ${chosen.length} queued again. `,
        'Refresh the list to see them move on.'),
      h('ul', { class: 'results' }, results.map(([id, r]) => h('li', {}, h('code', {}, id), ` ${r}`))));
  });
  append(main, 
    h('h1', {}, 'Dead letters'),
    h('p', {}, 'Deliveries that failed every attempt, or whose subscription was disabled, newest first. Replaying one queues it again with the same webhook-id.'),
    filterForm(ROUTE, params, {
      subscription: text('Subscription ids', 'Comma-separated'),
      eventType: text('Event types', 'Comma-separated: invoice.paid, invoice.*'),
      status: text('Last answer', 'Comma-separated: 503, 5xx, timeout'),
      since: instant('Since'),
      until: instant('Until'),
    }),
    h('div', { class: 'buttons' }, replayButton, refreshButton()),
    outcome,
    page.data.length > 0 ? h('div', { class: 'check' }, all, h('span', {}, ' Select all on this page')) : null,
    table('Dead letters, newest first', [
      ['', (d) => checkbox(d)],
      ['Delivery', (d) => [h('a', { href: `#/deliveries/${encodeURIComponent(d.deliveryId)}`, class: 'mono' }, d.deliveryId),
        h('div', { class: 'muted' }, d.eventType)]],
      ['Subscription', (d) => h('a', { href: `#/subscriptions/${encodeURIComponent(d.subscriptionId)}`, class: 'mono' }, d.subscriptionId)],
      ['Dead-lettered', (d) => [time(d.deadLetteredAt), d.reason ? h('div', { class: 'muted' }, d.reason) : null]],
      ['Last answer', (d) => lastAnswer(d.lastStatus, d.lastError)],
      ['Attempts', (d) => count(d.attempts)],
      ['Now', (d) => [badge(d.state), d.replayed ? h('div', { class: 'muted' }, 'replayed') : null]],
    ], page.data, 'No dead letter matches.'),
    pager(ROUTE, params, page.next));
}
