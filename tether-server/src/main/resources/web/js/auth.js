// The access token: from the URL fragment `#token=...` (then removed from the address bar and kept in
// localStorage), or pasted into the login form. Servers with auth "none" need none: the hello without a token
// is tried first, and a 4001 close brings up the form.
//
// What the page keeps in localStorage belongs to one user: the token, unsent messages (outbox.js), the
// conversation list (sidebar.js) and the open conversation (chats.js). `tether.user` says whose it is (the user of
// the last welcome), so none of it is carried over to someone else signing in on the same browser.

const KEY = 'tether.token';
const USER = 'tether.user';
/** Every key the page keeps for the signed-in user: what signing out forgets. */
const USER_DATA = [KEY, USER, 'tether.outbox', 'tether.known', 'tether.current'];

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

/** The user whose data this browser keeps (the user of the last welcome); '' if none yet. */
export function loadUser(storage = globalThis.localStorage) {
  try {
    return storage.getItem(USER) ?? '';
  } catch {
    return '';
  }
}

export function saveUser(user, storage = globalThis.localStorage) {
  try {
    storage.setItem(USER, user);
  } catch (e) {
    console.warn('tether: cannot remember the user', e);
  }
}

/** Signing out: forgets the token and everything the page keeps for its user. */
export function forgetUser(storage = globalThis.localStorage) {
  for (const key of USER_DATA) {
    try {
      storage.removeItem(key);
    } catch (e) {
      console.warn(`tether: cannot forget ${key}`, e);
    }
  }
}

/** Calls `fn(token)` when another tab of this browser changes the stored token (signs out, or in). */
export function onTokenChangedElsewhere(fn, target = globalThis) {
  target.addEventListener('storage', (e) => {
    if (e.key === KEY || e.key === null) fn(loadToken());
  });
}
