// The web chat: wires the connection, the outbox, the conversation models and the views together. The parts'
// hooks below often reach parts made further down: they run on events, after this module has run to its end.

import { Connection } from './connection.js';
import { Outbox, isDraft } from './outbox.js';
import { ConversationView } from './view.js';
import { Api } from './api.js';
import { Session } from './session.js';
import { DebugPanel } from './debug.js';
import { ready as markdownReady } from './markdown.js';
import { Sidebar } from './sidebar.js';
import { ExportControl } from './export.js';
import { Chats } from './chats.js';
import { ConversationManager } from './manage.js';
import { StatusDisplay, Notices } from './status.js';
import { Composer } from './composer.js';
import { listenToBrowser } from './browser.js';
import { ProfileDialog } from './profile.js';
import { Attachments } from './attach.js';

const $ = (id) => document.getElementById(id);

// ---- token ----------------------------------------------------------------------------------------------
const session = new Session({
  app: $('app'), signOutButton: $('sign-out'),
  dialog: $('login'), error: $('login-error'), input: $('token-input'), form: $('login-form'),
});

const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
const connection = new Connection({ url: wsUrl, token: () => session.token, online: () => navigator.onLine });
const outbox = new Outbox();
const api = new Api(() => session.token);

// ---- the parts ----------------------------------------------------------------------------------------------
const notices = new Notices($('older'));
const status = new StatusDisplay(connection, {
  status: $('status'), text: $('status-text'), count: $('status-count'), live: $('status-live'),
  reconnectNow: $('reconnect-now'),
});
const view = new ConversationView($('scroller'), $('messages'), {
  onRetry: (item) => chats.retry(item),
  onRegenerate: (item) => chats.regenerate(item),
  onEdit: (item, text) => chats.edit(item, text),
  onNearTop: () => chats.loadOlder(),
  onNotice: (message) => notices.show(message),
}, $('jump'));
const sidebar = new Sidebar($('conversations'), $('conversations-error'), api, {
  onSelect: (id, messageId) => chats.select(id, messageId),
  onRename: (id, title) => manager.rename(id, title),
  onDelete: (id) => manager.remove(id),
  onLoaded: () => chats.updateControls(), // the header shows the title, which may only now be known
}, { search: $('conversations-search'), more: $('conversations-more'), empty: $('conversations-empty') });
const debug = new DebugPanel(connection, document.body);
const exporter = new ExportControl($('export'), api, {
  conversation: () => (chats.current && !isDraft(chats.current) ? chats.current : null),
  title: (id) => sidebar.title(id),
  onNotice: (message) => notices.show(message),
});
session.attach({ connection, outbox, sidebar });

// After every welcome, before anything is sent (registered ahead of the Sender's flush, which Chats registers):
// a token of another user must not send this user's unsent messages (Session.onWelcome).
connection.on('open', (welcome) => session.onWelcome(welcome));
const chats = new Chats({ connection, outbox, api, view, sidebar, exporter, notices }, {
  scroller: $('scroller'), older: $('older'), stop: $('stop'), empty: $('empty'), title: $('chat-title'),
  input: $('input'),
});
const manager = new ConversationManager(api, sidebar, chats, notices);
new ProfileDialog({
  open: $('profile-open'), dialog: $('profile'), form: $('profile-form'), about: $('profile-about'),
  memory: $('profile-memory'), status: $('profile-status'), forget: $('profile-forget'), close: $('profile-close'),
}, api);

// ---- connection events ----------------------------------------------------------------------------------------
connection.on('snapshot', (snap) => chats.onSnapshot(snap));
connection.on('event', (frame) => chats.onEvent(frame));
connection.on('open', () => sidebar.refresh());
connection.on('conversation', ({ conversation, title, updatedAt }) => {
  sidebar.upsert({ id: conversation, title, updatedAt });
  if (conversation === chats.current) chats.updateControls(); // the header shows the title
});
connection.on('deleted', ({ conversation }) => {
  chats.drop(conversation, manager.isDeleting(conversation) ? null : 'This conversation was deleted.');
});
connection.on('error', (err) => {
  if (err.code === 'unauthorized') {
    session.onRefused(err.message); // shown in the sign-in dialog that the close (4001) brings up
    return;
  }
  if (err.code === 'not_found' && err.conversation) {
    // a subscribe to a conversation deleted while this page was closed, or a stale link: as if deleted now
    chats.drop(err.conversation, 'That conversation does not exist any more. It may have been deleted.');
    return;
  }
  notices.show(err.message ?? err.code);
});
connection.on('state', (change) => {
  status.show(change);
  session.onState(change); // a 4001 brings up the sign-in dialog
});

// ---- input ------------------------------------------------------------------------------------------------------
new Composer($('composer'), $('input'), (text) => chats.send(text));
new Attachments({ button: $('attach'), picker: $('attach-picker'), composer: $('composer'), input: $('input') }, api,
  (message) => notices.show(message));
$('stop').addEventListener('click', () => chats.stopReply());
$('new-chat').addEventListener('click', () => chats.newChat());
function showSidebar(open) {
  $('app').classList.toggle('side-open', open);
  $('menu').setAttribute('aria-expanded', String(open));
}
$('menu').addEventListener('click', () => showSidebar(!$('app').classList.contains('side-open')));
// choosing a conversation closes the narrow-screen sidebar; renaming or deleting one keeps it open
$('sidebar').addEventListener('click', (e) => { if (e.target.closest('.conv-open, #new-chat')) showSidebar(false); });
listenToBrowser({ connection, sidebar, debug, chats, stop: $('stop') });

// ---- start --------------------------------------------------------------------------------------------------------
if (new URLSearchParams(location.search).get('debug') === '1') debug.toggle(true);

// A test and support hook: the state, and a way to kill the socket as a network failure would.
window.tether = {
  connection, outbox, models: chats.models, sender: chats.sender, debug, sidebar, exporter,
  dropSocket: () => connection.drop(),
  current: () => chats.current,
};

markdownReady.then(() => {
  // messages rendered before the libraries arrived were plain text: render them again
  const m = chats.shown();
  if (m) view.show(m);
});

const initial = new URLSearchParams(location.hash.slice(1)).get('c') ?? localStorage.getItem('tether.current');
// drafts whose conversation was never created (sent offline, then the page closed) show up again
const draft = outbox.list().find((e) => isDraft(e.conversation))?.conversation;
if (initial) chats.select(initial);
else if (draft) chats.select(draft);
else chats.newChat();
// also watch conversations with unsent messages, so their acks and replies are seen
for (const e of outbox.list()) {
  if (!isDraft(e.conversation) && !connection.subs.has(e.conversation)) chats.watch(e.conversation);
}
session.updateSignOut();
sidebar.refresh();
connection.start();
