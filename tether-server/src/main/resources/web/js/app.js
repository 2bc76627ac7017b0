// The web chat: wires the connection, the outbox, the conversation models and the views together.

import { Connection } from './connection.js';
import { Outbox, Sender, isDraft } from './outbox.js';
import { ConversationModel } from './conversation.js';
import { ConversationView } from './view.js';
import { Api } from './api.js';
import { tokenFromFragment, loadToken, saveToken, loadUser, saveUser, forgetUser, onTokenChangedElsewhere } from './auth.js';
import { DebugPanel } from './debug.js';
import { ready as markdownReady } from './markdown.js';
import { Sidebar } from './sidebar.js';
import { ExportControl } from './export.js';

const $ = (id) => document.getElementById(id);
const KEEP_SUBSCRIBED = 5; // recently viewed conversations stay subscribed, so switching back is instant

function uuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  // crypto.randomUUID needs a secure context; plain http on a LAN address is not one
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---- token ----------------------------------------------------------------------------------------------
const fromUrl = tokenFromFragment();
if (fromUrl) saveToken(fromUrl);
let token = loadToken();

const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
const connection = new Connection({ url: wsUrl, token: () => token, online: () => navigator.onLine });
const outbox = new Outbox();
const api = new Api(() => token);

// After every welcome, before anything is sent (registered ahead of the Sender's flush): the messages and lists
// this browser keeps belong to the user of the last welcome. A token of someone else, pasted after a 4001, must
// not send that user's unsent messages as theirs, nor show their conversation list.
connection.on('open', (welcome) => {
  const owner = loadUser();
  if (!owner || owner === welcome.user) {
    if (!owner) saveUser(welcome.user);
    return;
  }
  const unsent = outbox.list().length;
  if (unsent && !confirm(`This token signs in as “${welcome.user}”, but ${countMessages(unsent)} of “${owner}” `
      + `${unsent === 1 ? 'has' : 'have'} not been sent yet and will be lost. Sign in as “${welcome.user}”?`)) {
    // nothing is sent: the socket closes before the Sender's flush, and the messages stay for their user
    token = '';
    saveToken('');
    updateSignOut();
    connection.drop(4001, 'another user');
    showLogin(`Not signed in. Paste a token of “${owner}” to send their unsent messages.`);
    return;
  }
  startAs(token); // the page starts again, empty, for the new user
});
const models = new Map();   // conversation id (or draft id) -> ConversationModel
let recent = [];            // subscribed conversation ids, most recently viewed first
let current = null;         // the shown conversation id (or draft id)

const view = new ConversationView($('scroller'), $('messages'), {
  onRetry: retry,
  onRegenerate: regenerate,
  onNearTop: () => loadOlder(),
  onNotice: (message) => showNotice(message),
}, $('jump'));
const sidebar = new Sidebar($('conversations'), $('conversations-error'), api, {
  onSelect: (id) => select(id),
  onRename: (id, title) => renameConversation(id, title),
  onDelete: (id) => deleteConversation(id),
  onLoaded: () => updateControls(), // the header shows the title, which may only now be known
}, { search: $('conversations-search'), more: $('conversations-more'), empty: $('conversations-empty') });
const debug = new DebugPanel(connection, document.body);
const exporter = new ExportControl($('export'), api, {
  conversation: () => (current && !isDraft(current) ? current : null),
  title: (id) => sidebar.title(id),
  onNotice: (message) => showNotice(message),
});

// ---- conversations ----------------------------------------------------------------------------------------
function model(id) {
  let m = models.get(id);
  if (!m) {
    m = new ConversationModel(id);
    m.onChange(() => { if (m.id === current) updateControls(); });
    models.set(id, m);
  }
  return m;
}

function watch(id) {
  if (isDraft(id)) return;
  recent = [id, ...recent.filter((c) => c !== id)];
  if (!connection.subs.has(id)) connection.subscribe(id);
  while (recent.length > KEEP_SUBSCRIBED) {
    const victim = recent.findLast((c) => c !== current && !models.get(c)?.running && outbox.forConversation(c).length === 0);
    if (!victim) break;
    recent = recent.filter((c) => c !== victim);
    connection.unsubscribe(victim);
    models.delete(victim);
  }
}

function select(id) {
  current = id;
  if (id && !isDraft(id)) {
    localStorage.setItem('tether.current', id);
    history.replaceState(null, '', `${location.pathname}${location.search}#c=${encodeURIComponent(id)}`);
  } else {
    localStorage.removeItem('tether.current');
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  const fresh = id && !models.has(id);
  const m = id ? model(id) : null;
  if (fresh) {
    // until the snapshot comes (it keeps them), show what is still waiting to be sent
    for (const e of outbox.forConversation(id)) m.addLocal(e);
  }
  if (id) watch(id);
  view.show(m);
  $('older').hidden = true;
  sidebar.setCurrent(id);
  updateControls();
  $('input').focus();
}

function newChat() {
  select(null);
}

function updateControls() {
  const m = current ? models.get(current) : null;
  const stopHidden = !(m?.running || m?.retrying);
  if ($('stop').hidden !== stopHidden) {
    $('stop').hidden = stopHidden;
    $('stop').disabled = false;
  }
  const emptyHidden = !!(m && (m.items.length || !m.hasSnapshot && !isDraft(m.id)));
  if ($('empty').hidden !== emptyHidden) $('empty').hidden = emptyHidden;
  const title = (current && sidebar.title(current)) || 'New chat';
  if ($('chat-title').textContent !== title) $('chat-title').textContent = title;
  // the tab says which chat it shows, and "●" while a reply that ended in a hidden tab has not been seen
  const tabTitle = `${unseen ? '● ' : ''}${title} – Tether`;
  if (document.title !== tabTitle) document.title = tabTitle;
  exporter.update();
}

let unseen = false;
function replyEnded(frame) {
  if (frame.conversation !== current || document.visibilityState === 'visible') return;
  if (frame.type === 'turn_completed' || frame.type === 'turn_failed') {
    unseen = true;
    updateControls();
  }
}

// ---- renaming and deleting ---------------------------------------------------------------------------------
const deleting = new Set(); // ids this tab asked the server to delete: their conversation_deleted needs no notice

async function renameConversation(id, title) {
  sidebar.setBusy(id, true);
  try {
    const renamed = await api.rename(id, title);
    sidebar.rename(id, renamed?.title ?? title); // the stored title: the server clips long ones
    updateControls();
  } catch (e) {
    const why = e.status === 404 ? 'the conversation does not exist any more.' : e.message;
    showNotice(`The conversation could not be renamed: ${why}`);
  } finally {
    sidebar.setBusy(id, false);
  }
}

async function deleteConversation(id) {
  if (deleting.has(id)) return;
  const title = sidebar.title(id) || 'Untitled';
  if (!confirm(`Delete “${title}”? Its messages are deleted too. This cannot be undone.`)) return;
  deleting.add(id);
  sidebar.setBusy(id, true);
  try {
    await api.remove(id);
    dropConversation(id);
    showNotice(`Deleted “${title}”.`);
  } catch (e) {
    if (e.status === 404) {
      // gone already (deleted elsewhere, and this page has not heard): what the user wanted
      dropConversation(id);
      showNotice(`“${title}” was already deleted.`);
    } else {
      sidebar.setBusy(id, false);
      showNotice(`The conversation could not be deleted: ${e.message}`);
    }
  } finally {
    deleting.delete(id);
  }
}

/**
 * Forgets a conversation the server no longer has (deleted here, in another tab or on another device, or
 * before this page opened): its entry, model, subscription (the server has ended it; a reconnect must not
 * renew it) and unsent messages. If it was shown, a new chat takes its place, with `notice` if given.
 * Called again for the same id (the DELETE's answer and the conversation_deleted frame race), it does nothing.
 */
function dropConversation(id, notice) {
  const shown = current === id;
  sidebar.forget(id);
  connection.discard(id);
  models.delete(id);
  recent = recent.filter((c) => c !== id);
  outbox.discard(id);
  if (localStorage.getItem('tether.current') === id) localStorage.removeItem('tether.current');
  if (shown) {
    newChat();
    if (notice) showNotice(notice);
  }
}

async function loadOlder() {
  const m = current ? models.get(current) : null;
  if (!m || !m.olderCursor || m.loadingOlder || isDraft(m.id)) return;
  m.loadingOlder = true;
  const older = $('older');
  older.hidden = false;
  older.textContent = 'Loading older messages…';
  const generation = m.generation;
  try {
    const page = await api.messages(m.id, m.olderCursor);
    if (m.generation !== generation) return; // a snapshot replaced the view meanwhile
    m.prependHistory(page.items ?? [], page.next);
    if (m.id === current) view.syncKeepingPosition();
    older.hidden = true;
  } catch (e) {
    older.textContent = `Older messages could not be loaded: ${e.message} `;
    const again = document.createElement('button');
    again.className = 'link';
    again.type = 'button';
    again.textContent = 'Try again';
    again.addEventListener('click', () => loadOlder());
    older.append(again);
  } finally {
    m.loadingOlder = false;
  }
  fillViewport(m);
}

/** Loads older pages while the messages do not fill the screen (nothing to scroll yet). */
function fillViewport(m) {
  const s = $('scroller');
  if (m.id === current && m.olderCursor && s.scrollHeight <= s.clientHeight + 50) loadOlder();
}

// ---- sending ------------------------------------------------------------------------------------------------
const sender = new Sender(connection, outbox, {
  beforeSend: (conversation) => { if (!connection.subs.has(conversation)) watch(conversation); },
  onCreated: (draft, id) => {
    const m = models.get(draft);
    models.delete(draft);
    if (m) {
      m.id = id;
      models.set(id, m);
    }
    const entry = outbox.forConversation(id)[0];
    sidebar.addLocal({ id, title: entry?.title || 'New chat' });
    watch(id);
    if (current === draft) select(id);
  },
  onAcked: (entry, ack) => {
    models.get(entry.conversation)?.markAcked(entry.clientMessageId, ack.messageId);
    sidebar.touch(entry.conversation);
  },
  onRetrying: (entry, err) => entry && models.get(entry.conversation)?.markRetrying(entry.clientMessageId, err),
  onFailed: (entry, err) => models.get(entry.conversation)?.markSendFailed(entry.clientMessageId, err),
});

function send(text) {
  if (!text.trim()) return;
  if (!current) current = `draft:${uuid()}`;
  const m = model(current);
  const entry = { clientMessageId: uuid(), conversation: current, text, at: Date.now() };
  if (isDraft(current)) entry.title = text.trim().split('\n')[0].slice(0, 60);
  m.addLocal(entry);
  if (view.model !== m) view.show(m);
  sidebar.setCurrent(current);
  sender.submit(entry);
  updateControls();
}

function retry(item) {
  const m = models.get(current);
  if (!m) return;
  if (item.kind === 'user') {
    m.items = m.items.filter((i) => i !== item);
    m.restructured();
    send(item.text);
  } else if (item.userMessageId && !isDraft(current)) {
    // the server answers the same stored question again (no second copy of it)
    connection.request({ type: 'retry', conversation: current, messageId: item.userMessageId })
      .catch((err) => showNotice(`Retry failed: ${err.message ?? err.code}`));
  } else {
    const question = m.questionFor(item);
    if (question) send(question);
  }
}

/** Asks the server for another answer to the question `item` answered (the same `retry` frame as after a failure). */
function regenerate(item) {
  if (!item.userMessageId || isDraft(current)) return Promise.reject(new Error('no stored question'));
  return connection.request({ type: 'retry', conversation: current, messageId: item.userMessageId })
    .catch((err) => {
      showNotice(`Could not ask for another answer: ${err.message ?? err.code}`);
      throw err;
    });
}

// ---- connection events ----------------------------------------------------------------------------------------
connection.on('snapshot', (snap) => {
  const m = models.get(snap.conversation);
  if (!m) return;
  m.applySnapshot(snap, outbox.forConversation(snap.conversation));
  if (m.id === current) {
    view.sync();
    updateControls();
    fillViewport(m);
  }
});
connection.on('event', (frame) => {
  models.get(frame.conversation)?.apply(frame);
  if (frame.type === 'user_message') sidebar.touch(frame.conversation);
  replyEnded(frame);
});
connection.on('open', () => sidebar.refresh());
connection.on('conversation', ({ conversation, title, updatedAt }) => {
  sidebar.upsert({ id: conversation, title, updatedAt });
  if (conversation === current) updateControls(); // the header shows the title
});
connection.on('deleted', ({ conversation }) => {
  dropConversation(conversation, deleting.has(conversation) ? null : 'This conversation was deleted.');
});
connection.on('error', (err) => {
  if (err.code === 'unauthorized') {
    refusal = err.message ?? ''; // shown in the sign-in dialog that the close (4001) brings up
    return;
  }
  if (err.code === 'not_found' && err.conversation) {
    // a subscribe to a conversation deleted while this page was closed, or a stale link: as if deleted now
    dropConversation(err.conversation, 'That conversation does not exist any more. It may have been deleted.');
    return;
  }
  showNotice(err.message ?? err.code);
});

let countdown = 0;
connection.on('state', ({ state, code, reason }) => {
  const status = $('status');
  status.dataset.state = state;
  status.title = code ? `Last close: ${code}${reason ? ` (${reason})` : ''}` : '';
  clearInterval(countdown);
  const text = $('status-text');
  const count = $('status-count');
  count.textContent = '';
  const now = $('reconnect-now');
  now.hidden = !(state === 'reconnecting' || state === 'offline');
  const show = () => {
    switch (state) {
      case 'open': text.textContent = 'Connected'; break;
      case 'connecting': text.textContent = 'Connecting…'; break;
      case 'offline': text.textContent = 'Offline'; break;
      case 'unauthorized': text.textContent = 'Signed out'; break;
      case 'reconnecting': {
        // only the countdown changes each second, outside the live region
        const s = Math.max(0, Math.ceil((connection.retryAt - Date.now()) / 1000));
        text.textContent = 'Reconnecting';
        count.textContent = s > 0 ? ` in ${s} s` : '…';
        break;
      }
      default: text.textContent = state;
    }
  };
  show();
  if (state === 'reconnecting') countdown = setInterval(show, 1000);
  $('status-live').textContent = state === 'reconnecting' ? 'Reconnecting' : text.textContent;
  if (state === 'unauthorized' && reason !== 'signed out') {
    // at hello, or mid-session when the token is revoked: the server's error frame came just before the close
    showLogin(code === 4001 && token ? `That token was refused. ${refusal || 'Paste a new one.'}` : '');
  }
  if (state === 'open') refusal = '';
});

let noticeTimer = 0;
function showNotice(message) {
  const older = $('older');
  older.hidden = false;
  older.textContent = message;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { if (older.textContent === message) older.hidden = true; }, 8000);
}

// ---- login and signing out --------------------------------------------------------------------------------------
let refusal = '';      // the server's reason for the last 4001 (its `unauthorized` error frame)
let signedOut = false; // this page signed out: the next sign-in starts it again, empty

function countMessages(n) {
  return n === 1 ? '1 message' : `${n} messages`;
}

/** Forgets the token and this user's data, closes the socket and asks for a token; `message` says why. */
function signOut(message = '') {
  forgetUser();
  token = '';
  signedOut = true;
  sidebar.clear();
  $('app').classList.add('signed-out'); // nothing of the previous user stays on screen behind the dialog
  updateSignOut();
  connection.signOut(); // state 'unauthorized': the dialog opens
  showLogin(message);
}

/** Keeps `secret` and loads the page again: nothing of the previous user's session survives in memory. */
function startAs(secret) {
  sidebar.clear();
  forgetUser(); // again: an answer that arrived since may have written some of it back
  saveToken(secret);
  location.reload();
}

function updateSignOut() {
  $('sign-out').hidden = !token; // without a token (auth "none") there is nothing to sign out of
}

$('sign-out').addEventListener('click', () => {
  const unsent = outbox.list().length;
  if (unsent && !confirm(`Sign out? ${countMessages(unsent)} not sent yet will be lost.`)) return;
  signOut();
});
onTokenChangedElsewhere((stored) => {
  if (stored === token) return;
  if (!stored) signOut('You signed out in another tab.');
  else { // signed in there, perhaps as someone else: this tab starts again with that token
    sidebar.clear();
    location.reload();
  }
});
$('login').addEventListener('close', () => {
  if (signedOut && !token) showLogin($('login-error').textContent); // signed out, the dialog is all there is
});

function showLogin(message) {
  const dialog = $('login');
  $('login-error').hidden = !message;
  $('login-error').textContent = message;
  if (!dialog.open) dialog.showModal();
  $('token-input').focus();
}

$('login-form').addEventListener('submit', () => {
  token = $('token-input').value.trim();
  $('token-input').value = '';
  if (signedOut) {
    if (token) startAs(token);
    return;
  }
  saveToken(token);
  updateSignOut();
  connection.reauthenticate();
});

// ---- input ------------------------------------------------------------------------------------------------------
const input = $('input');
function autosize() {
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight + 2, 220)}px`;
}
input.addEventListener('input', autosize);
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    $('composer').requestSubmit();
  }
});
$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = input.value;
  if (!text.trim()) return;
  input.value = '';
  autosize();
  send(text);
  input.focus();
});
function stopReply() {
  if (!current || isDraft(current)) return;
  $('stop').disabled = true; // until the reply ends (turn_completed with status "stopped")
  connection.request({ type: 'stop', conversation: current }).catch((err) => {
    $('stop').disabled = false;
    showNotice(`Stop failed: ${err.message ?? err.code}`);
  });
}
$('stop').addEventListener('click', stopReply);
$('new-chat').addEventListener('click', newChat);
function showSidebar(open) {
  $('app').classList.toggle('side-open', open);
  $('menu').setAttribute('aria-expanded', String(open));
}
$('menu').addEventListener('click', () => showSidebar(!$('app').classList.contains('side-open')));
// choosing a conversation closes the narrow-screen sidebar; renaming or deleting one keeps it open
$('sidebar').addEventListener('click', (e) => { if (e.target.closest('.conv-open, #new-chat')) showSidebar(false); });
$('reconnect-now').addEventListener('click', () => connection.kick());

// ---- browser events -------------------------------------------------------------------------------------------
window.addEventListener('online', () => connection.kick());
window.addEventListener('offline', () => {
  if (connection.state !== 'open') connection.setState('offline');
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible') return;
  if (unseen) {
    unseen = false;
    updateControls();
  }
  connection.kick();
  // renames and deletions made elsewhere in the meantime (only subscribed conversations hear of deletions live)
  if (connection.isOpen) sidebar.refresh();
});
document.addEventListener('keydown', (e) => {
  if (e.altKey && e.shiftKey && (e.key === 'D' || e.key === 'd' || e.code === 'KeyD')) {
    e.preventDefault();
    debug.toggle();
  } else if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.code === 'KeyO') {
    e.preventDefault(); // as in ChatGPT: a new chat
    newChat();
  } else if (e.key === 'Escape' && !e.defaultPrevented && !$('stop').hidden && !$('stop').disabled
      && !e.target.closest?.('dialog, .export, #sidebar')) {
    e.preventDefault(); // Escape stops the reply, unless a menu, dialog or an edit in the sidebar takes it
    stopReply();
  }
});
window.addEventListener('hashchange', () => {
  const id = new URLSearchParams(location.hash.slice(1)).get('c');
  if (id && id !== current) select(id);
});

// ---- start --------------------------------------------------------------------------------------------------------
if (new URLSearchParams(location.search).get('debug') === '1') debug.toggle(true);

// A test and support hook: the state, and a way to kill the socket as a network failure would.
window.tether = {
  connection, outbox, models, sender, debug, sidebar, exporter,
  dropSocket: () => connection.drop(),
  current: () => current,
};

markdownReady.then(() => {
  // messages rendered before the libraries arrived were plain text: render them again
  const m = current ? models.get(current) : null;
  if (m) view.show(m);
});

const initial = new URLSearchParams(location.hash.slice(1)).get('c') ?? localStorage.getItem('tether.current');
// drafts whose conversation was never created (sent offline, then the page closed) show up again
const draft = outbox.list().find((e) => isDraft(e.conversation))?.conversation;
if (initial) select(initial);
else if (draft) select(draft);
else newChat();
// also watch conversations with unsent messages, so their acks and replies are seen
for (const e of outbox.list()) if (!isDraft(e.conversation) && !connection.subs.has(e.conversation)) watch(e.conversation);
updateSignOut();
sidebar.refresh();
connection.start();
