// The console's shell: sign-in, navigation, and one page per route (#/overview, ...). Routes
// live in the URL's fragment, which the browser never sends to a server.

import { ApiError, call, session, whenSignedOut } from './api.js';
import { failure, field, h, navigated, notify, replace } from './dom.js';
import { deadLetters } from './pages/dead-letters.js';
import { delivery } from './pages/delivery.js';
import { eventTypes } from './pages/event-types.js';
import { overview } from './pages/overview.js';
import { subscriptionForm } from './pages/subscription-form.js';
import { subscription } from './pages/subscription.js';
import { subscriptions } from './pages/subscriptions.js';

const ROUTES = [
  [/^\/overview$/, overview],
  [/^\/subscriptions$/, subscriptions],
  [/^\/subscriptions\/new$/, (main) => subscriptionForm(main, null)],
  [/^\/subscriptions\/([^/]+)\/edit$/, (main, id) => subscriptionForm(main, id)],
  [/^\/subscriptions\/([^/]+)$/, subscription],
  [/^\/deliveries\/([^/]+)$/, delivery],
  [/^\/dead-letters$/, deadLetters],
  [/^\/event-types$/, eventTypes],
];

const main = document.getElementById('main');
let rendering = 0;

async function render() {
  const hash = location.hash || '#/overview';
  if (!hash.startsWith('#/')) {
    return; // an in-page anchor such as the skip link
  }
  const [route, search] = hash.slice(1).split('?');
  const params = new URLSearchParams(search || '');
  const signedIn = session.key() !== null;
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
  if (!signedIn) {
    signIn();
    return;
  }
  const match = ROUTES.map(([pattern, page]) => [route.match(pattern), page]).find(([m]) => m);
  for (const link of document.querySelectorAll('#nav a')) {
    if (route.startsWith(link.getAttribute('href').slice(1))) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const turn = ++rendering;
  replace(main, h('p', { class: 'loading' }, 'Loading…'));
  try {
    if (!match) {
      replace(main, h('h1', {}, 'Not found'), h('p', {}, 'The console has no such page.'));
      return;
    }
    const [found, page] = match;
    const content = h('div', {});
    await page(content, ...found.slice(1).map(decodeURIComponent), params);
    if (turn === rendering) {
      replace(main, content);
      const heading = main.querySelector('h1');
      document.title = heading ? `${heading.textContent} · Hookline console` : 'Hookline console';
    }
  } catch (error) {
    if (turn === rendering && session.key() !== null) {
      replace(main, h('h1', {}, 'Something went wrong'), failure(error));
    }
  }
}

function signIn() {
  document.getElementById('tenant').textContent = '';
  const key = h('input', { type: 'password', name: 'key', autocomplete: 'off', required: true, spellcheck: 'false' });
  const keyField = field('Admin key', key, { hint: 'Kept in this browser tab only, until you sign out or close it.' });
  const form = h('form', { class: 'sign-in', novalidate: true },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'The console works on one tenant: the tenant of the admin key you sign in with.'),
    keyField,
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Sign in')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = key.value.trim();
    if (!value) {
      keyField.showError('Enter an admin key.');
      return;
    }
    try {
      const answer = await call('GET', '/v1/health', undefined, { key: value });
      session.signIn(value);
      showTenant(answer.body.tenant);
      notify('');
      if (!location.hash.startsWith('#/')) {
        location.hash = '#/overview';
      }
      render();
    } catch (error) {
      keyField.showError(error instanceof ApiError
        ? (error.status === 403 ? 'That is not an admin key.' : 'That key is not valid.')
        : 'Hookline could not be reached.');
    }
  });
  replace(main, form);
  document.title = 'Sign in · Hookline console';
  key.focus();
}

function showTenant(tenant) {
  document.getElementById('tenant').textContent = tenant ? `Tenant ${tenant}` : '';
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  notify('Signed out.');
  render();
});

whenSignedOut(() => {
  notify('The API refused the key; sign in again.', 'error');
  render();
});

window.addEventListener('hashchange', () => {
  navigated();
  render();
});

if (session.key() !== null) {
  call('GET', '/v1/health').then((answer) => showTenant(answer.body.tenant), () => {});
}
render();

