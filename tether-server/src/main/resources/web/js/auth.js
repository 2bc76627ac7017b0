// The access token: from the URL fragment `#token=...` (then removed from the address bar and kept in
// localStorage), or pasted into the login form. Servers with auth "none" need none: the hello without a token
// is tried first, and a 4001 close brings up the form.

const KEY = 'tether.token';

export function tokenFromFragment(location = globalThis.location, history = globalThis.history) {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (!token) return null;
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  return token;
}

export function loadToken(storage = globalThis.localStorage) {
  try {
    return storage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveToken(token, storage = globalThis.localStorage) {
  try {
    if (token) storage.setItem(KEY, token); else storage.removeItem(KEY);
  } catch (e) {
    console.warn('tether: cannot keep the token', e);
  }
}
