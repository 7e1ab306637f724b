// The console's only way to Hookline: the public API, with the admin key the user signed in
// with. The key lives in sessionStorage (gone when the tab closes) and travels only in the
// Authorization header, never in a URL.

const KEY = 'hookline.console.adminKey';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** An answer that was not 2xx, with the API's problem+json details. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `The API answered ${status}.`);
    this.status = status;
    this.problem = problem || {};
  }

  /** Every problem the API named, as {field, detail}; the field may be absent. */
  get errors() {
    const listed = Array.isArray(this.problem.errors) ? this.problem.errors : [];
    if (listed.length > 0) {
      return listed.map((e) => ({ field: e.field, detail: e.detail || this.message }));
    }
    return [{ field: this.problem.field, detail: this.message }];
  }
}

let onSignedOut = () => {};

/** Called when the API refuses the key (expired, revoked): the console signs out. */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

/**
 * Calls the API and resolves to {status, body, etag}; rejects with an ApiError when the answer
 * is not 2xx, or a TypeError when Hookline could not be reached.
 */
export async function call(method, path, body, options = {}) {
  const key = options.key ?? session.key();
  const headers = { Accept: 'application/json, application/problem+json', Authorization: `Bearer ${key}` };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  Object.assign(headers, options.headers || {});
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = { detail: text.slice(0, 200) };
    }
  }
  if (!response.ok) {
    if (response.status === 401 && options.key === undefined) {
      session.signOut();
      onSignedOut();
    }
    throw new ApiError(response.status, json);
  }
  return { status: response.status, body: json, etag: response.headers.get('ETag') };
}

export const get = async (path, params) => (await call('GET', path + query(params))).body;

/** "?a=1&b=2" of the parameters that have a value, or "". */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const path = (...parts) => parts.map((p, i) => (i % 2 === 0 ? p : encodeURIComponent(p))).join('');
