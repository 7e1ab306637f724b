// Success rate and latency over time, drawn by uPlot (served from its webjar) from the buckets
// of the analytics API; the same figures follow as a table for screen readers and keyboards.

import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { count, h, percent, table, time } from './dom.js';

/** A chart and a table of analytics buckets ({start, attempts, successRate, latencyMs}). */
export function rateAndLatency(title, buckets) {
  const figure = h('figure', { class: 'chart' }, h('figcaption', {}, title));
  const plot = h('div', { class: 'plot', 'aria-hidden': 'true' });
  figure.append(plot);
  const xs = buckets.map((b) => Date.parse(b.start) / 1000);
  const rate = buckets.map((b) => (b.successRate === null || b.successRate === undefined ? null : b.successRate * 100));
  const latency = (p) => buckets.map((b) => (b.latencyMs ? b.latencyMs[p] : null));
  const width = Math.max(280, Math.min(960, (document.getElementById('main').clientWidth || 800) - 32));
  new uPlot({
    width,
    height: 220,
    series: [
      {},
      // points too: a range with one busy bucket has no line to draw
      { label: 'Success rate %', scale: '%', stroke: '#1b7f4b', width: 2, points: { show: true, size: 6, fill: '#1b7f4b' } },
      { label: 'p50 ms', scale: 'ms', stroke: '#2f6fd0', points: { show: true, size: 5, fill: '#2f6fd0' } },
      { label: 'p95 ms', scale: 'ms', stroke: '#b06a00', points: { show: true, size: 5, fill: '#b06a00' } },
      { label: 'p99 ms', scale: 'ms', stroke: '#b3261e', points: { show: true, size: 5, fill: '#b3261e' } },
    ],
    scales: { '%': { range: [0, 100] }, ms: { range: (u, min, max) => [0, Math.max(10, max || 0)] } },
    axes: [{}, { scale: '%', label: 'success %' }, { scale: 'ms', side: 1, label: 'latency ms', grid: { show: false } }],
  }, [xs, rate, latency('p50'), latency('p95'), latency('p99')], plot);
  const rows = buckets.filter((b) => b.attempts > 0);
  figure.append(h('details', {}, h('summary', {}, 'The figures as a table'),
    table(title, [
      ['From', (b) => time(b.start)],
      ['Attempts', (b) => count(b.attempts)],
      ['Succeeded', (b) => count(b.succeeded)],
      ['Failed', (b) => count(b.failed)],
      ['Success rate', (b) => percent(b.successRate)],
      ['p50 ms', (b) => (b.latencyMs ? b.latencyMs.p50 : '–')],
      ['p95 ms', (b) => (b.latencyMs ? b.latencyMs.p95 : '–')],
      ['p99 ms', (b) => (b.latencyMs ? b.latencyMs.p99 : '–')],
    ], rows, 'No attempts in this range.')));
  return figure;
}

/** The ranges a chart offers: [label, hours back, step]. */
export const RANGES = [
  ['Last hour', 1, '5m'],
  ['Last 24 hours', 24, '1h'],
  ['Last 7 days', 24 * 7, '6h'],
];

/** The analytics API's {from, to, step} for one of the RANGES, by its label. */
export function rangeParams(label) {
  const [, hours, step] = RANGES.find(([l]) => l === label) || RANGES[1];
  const to = new Date();
  return { from: new Date(to.getTime() - hours * 3600 * 1000).toISOString(), to: to.toISOString(), step };
}
