// The conversations this page holds: a model for each one it has seen, the recently viewed ones kept subscribed,
// and the one shown with the controls around it (Stop, the header's title, the tab's title). Selecting one,
// sending to it (through the Sender), editing its last question, retrying, asking for another answer, stopping a reply, loading older
// history, and forgetting a conversation the server no longer has.

import { Sender, isDraft } from './outbox.js';
import { ConversationModel } from './conversation.js';

const KEEP_SUBSCRIBED = 5; // recently viewed conversations stay subscribed, so switching back is instant
const MAX_REVEAL_PAGES = 40; // how far back (pages of older history) a search result's message is looked for

function uuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  // crypto.randomUUID needs a secure context; plain http on a LAN address is not one
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export class Chats {
  /**
   * Makes the Sender, which registers its outbox flush for the connection's 'open': what must run before that
   * flush is registered before this is made.
   * @param parts {connection, outbox, api, view, sidebar, exporter, notices}
   * @param elements {scroller, older (the line above the messages), stop, empty, title (the header's), input}
   */
  constructor({ connection, outbox, api, view, sidebar, exporter, notices }, elements) {
    this.connection = connection;
    this.outbox = outbox;
    this.api = api;
    this.view = view;
    this.sidebar = sidebar;
    this.exporter = exporter;
    this.notices = notices;
    this.el = elements;
    this.models = new Map();   // conversation id (or draft id) -> ConversationModel
    this.recent = [];          // subscribed conversation ids, most recently viewed first
    this.current = null;       // the shown conversation id (or draft id)
    this.unseen = false;       // a reply ended while the tab was hidden, and has not been seen
    this.focus = null;         // {conversation, messageId, pages}: the message a search result asked to show
    this.sender = new Sender(connection, outbox, {
      beforeSend: (conversation) => { if (!connection.subs.has(conversation)) this.watch(conversation); },
      onCreated: (draft, id) => {
        const m = this.models.get(draft);
        this.models.delete(draft);
        if (m) {
          m.id = id;
          this.models.set(id, m);
        }
        const entry = outbox.forConversation(id)[0];
        sidebar.addLocal({ id, title: entry?.title || 'New chat' });
        this.watch(id);
        if (this.current === draft) this.select(id);
      },
      onAcked: (entry, ack) => {
        this.models.get(entry.conversation)?.markAcked(entry.clientMessageId, ack.messageId);
        sidebar.touch(entry.conversation);
      },
      onRetrying: (entry, err) => entry && this.models.get(entry.conversation)?.markRetrying(entry.clientMessageId, err),
      onFailed: (entry, err) => this.models.get(entry.conversation)?.markSendFailed(entry.clientMessageId, err),
    });
  }

  /** The shown conversation's model, if it has one. */
  shown() {
    return this.current ? this.models.get(this.current) : null;
  }

  model(id) {
    let m = this.models.get(id);
    if (!m) {
      m = new ConversationModel(id);
      m.onChange(() => { if (m.id === this.current) this.updateControls(); });
      this.models.set(id, m);
    }
    return m;
  }

  watch(id) {
    if (isDraft(id)) return;
    this.recent = [id, ...this.recent.filter((c) => c !== id)];
    if (!this.connection.subs.has(id)) this.connection.subscribe(id);
    while (this.recent.length > KEEP_SUBSCRIBED) {
      const victim = this.recent.findLast((c) => c !== this.current && !this.models.get(c)?.running
        && this.outbox.forConversation(c).length === 0);
      if (!victim) break;
      this.recent = this.recent.filter((c) => c !== victim);
      this.connection.unsubscribe(victim);
      this.models.delete(victim);
    }
  }

  /**
   * Shows conversation `id` (null: a new chat); with `messageId` (a search result's match), scrolled to that
   * message, older pages loaded until it is there.
   */
  select(id, messageId = null) {
    this.current = id;
    this.focus = messageId && id && !isDraft(id) ? { conversation: id, messageId, pages: 0 } : null;
    if (id && !isDraft(id)) {
      localStorage.setItem('tether.current', id);
      history.replaceState(null, '', `${location.pathname}${location.search}#c=${encodeURIComponent(id)}`);
    } else {
      localStorage.removeItem('tether.current');
      history.replaceState(null, '', `${location.pathname}${location.search}`);
    }
    const fresh = id && !this.models.has(id);
    const m = id ? this.model(id) : null;
    if (fresh) {
      // until the snapshot comes (it keeps them), show what is still waiting to be sent
      for (const e of this.outbox.forConversation(id)) m.addLocal(e);
    }
    if (id) this.watch(id);
    this.view.show(m);
    this.el.older.hidden = true;
    this.sidebar.setCurrent(id);
    this.updateControls();
    this.el.input.focus();
    this.reveal();
  }

  /**
   * Shows the message `select` was asked for, once the conversation's snapshot is in: at once if it is loaded,
   * else after loading older pages (each load calls this again), at most MAX_REVEAL_PAGES of them.
   */
  reveal() {
    const f = this.focus;
    const m = this.shown();
    if (!f || !m || f.conversation !== m.id || !m.hasSnapshot) return; // the snapshot calls again
    const item = m.itemWithMessage(f.messageId);
    if (item) {
      this.focus = null;
      this.view.reveal(item);
      return;
    }
    if (m.loadingOlder) return; // its end calls again
    if (!m.olderCursor || f.pages >= MAX_REVEAL_PAGES) {
      this.focus = null;
      this.notices.show(m.olderCursor ? 'The message found is further back: scroll up to reach it.'
        : 'The message found is no longer in this conversation.');
      return;
    }
    f.pages++;
    this.loadOlder();
  }

  newChat() {
    this.select(null);
  }

  updateControls() {
    const { stop, empty, title: heading } = this.el;
    const m = this.shown();
    const stopHidden = !(m?.running || m?.retrying);
    if (stop.hidden !== stopHidden) {
      stop.hidden = stopHidden;
      stop.disabled = false;
    }
    const emptyHidden = !!(m && (m.items.length || !m.hasSnapshot && !isDraft(m.id)));
    if (empty.hidden !== emptyHidden) empty.hidden = emptyHidden;
    const title = (this.current && this.sidebar.title(this.current)) || 'New chat';
    if (heading.textContent !== title) heading.textContent = title;
    // the tab says which chat it shows, and "●" while a reply that ended in a hidden tab has not been seen
    const tabTitle = `${this.unseen ? '● ' : ''}${title} – Tether`;
    if (document.title !== tabTitle) document.title = tabTitle;
    this.exporter.update();
  }

  replyEnded(frame) {
    if (frame.conversation !== this.current || document.visibilityState === 'visible') return;
    if (frame.type === 'turn_completed' || frame.type === 'turn_failed') {
      this.unseen = true;
      this.updateControls();
    }
  }

  /** The tab is visible again: a reply that ended meanwhile has been seen. */
  seen() {
    if (this.unseen) {
      this.unseen = false;
      this.updateControls();
    }
  }

  /** The connection's 'snapshot' event. */
  onSnapshot(snap) {
    const m = this.models.get(snap.conversation);
    if (!m) return;
    m.applySnapshot(snap, this.outbox.forConversation(snap.conversation));
    if (m.id === this.current) {
      this.view.sync();
      this.updateControls();
      this.reveal();
      this.fillViewport(m);
    }
  }

  /** The connection's 'event' event: a positioned frame of a subscribed conversation. */
  onEvent(frame) {
    this.models.get(frame.conversation)?.apply(frame);
    if (frame.type === 'user_message') this.sidebar.touch(frame.conversation);
    this.replyEnded(frame);
  }

  /**
   * Forgets a conversation the server no longer has (deleted here, in another tab or on another device, or
   * before this page opened): its entry, model, subscription (the server has ended it; a reconnect must not
   * renew it) and unsent messages. If it was shown, a new chat takes its place, with `notice` if given.
   * Called again for the same id (the DELETE's answer and the conversation_deleted frame race), it does nothing.
   */
  drop(id, notice) {
    const shown = this.current === id;
    this.sidebar.forget(id);
    this.connection.discard(id);
    this.models.delete(id);
    this.recent = this.recent.filter((c) => c !== id);
    this.outbox.discard(id);
    if (localStorage.getItem('tether.current') === id) localStorage.removeItem('tether.current');
    if (shown) {
      this.newChat();
      if (notice) this.notices.show(notice);
    }
  }

  async loadOlder() {
    const m = this.shown();
    if (!m || !m.olderCursor || m.loadingOlder || isDraft(m.id)) return;
    m.loadingOlder = true;
    const older = this.el.older;
    older.hidden = false;
    older.textContent = 'Loading older messages…';
    const generation = m.generation;
    try {
      const page = await this.api.messages(m.id, m.olderCursor);
      if (m.generation !== generation) return; // a snapshot replaced the view meanwhile
      m.prependHistory(page.items ?? [], page.next);
      if (m.id === this.current) this.view.syncKeepingPosition();
      older.hidden = true;
      m.loadingOlder = false;
      this.reveal();
    } catch (e) {
      older.textContent = `Older messages could not be loaded: ${e.message} `;
      const again = document.createElement('button');
      again.className = 'link';
      again.type = 'button';
      again.textContent = 'Try again';
      again.addEventListener('click', () => this.loadOlder());
      older.append(again);
    } finally {
      m.loadingOlder = false;
    }
    this.fillViewport(m);
  }

  /** Loads older pages while the messages do not fill the screen (nothing to scroll yet). */
  fillViewport(m) {
    const s = this.el.scroller;
    if (m.id === this.current && m.olderCursor && s.scrollHeight <= s.clientHeight + 50) this.loadOlder();
  }

  // ---- sending ------------------------------------------------------------------------------------------------

  send(text) {
    if (!text.trim()) return;
    if (!this.current) this.current = `draft:${uuid()}`;
    const m = this.model(this.current);
    const entry = { clientMessageId: uuid(), conversation: this.current, text, at: Date.now() };
    if (isDraft(this.current)) entry.title = text.trim().split('\n')[0].slice(0, 60);
    m.addLocal(entry);
    if (this.view.model !== m) this.view.show(m);
    this.sidebar.setCurrent(this.current);
    this.sender.submit(entry);
    this.updateControls();
  }

  /**
   * Asks `text` instead of question `question` (the last one, its reply ended): a new message that replaces it, sent
   * through the outbox like any other (kept while offline, sent once). The server marks the old one as edited.
   */
  edit(question, text) {
    if (!text.trim() || question.id === null || !this.current || isDraft(this.current)) return;
    const m = this.model(this.current);
    const entry = { clientMessageId: uuid(), conversation: this.current, text, at: Date.now(), replaces: question.id };
    m.addLocal(entry);
    this.sender.submit(entry);
    this.updateControls();
    this.el.input.focus();
  }

  retry(item) {
    const m = this.models.get(this.current);
    if (!m) return;
    if (item.kind === 'user') {
      m.items = m.items.filter((i) => i !== item);
      m.restructured();
      this.send(item.text);
    } else if (item.userMessageId && !isDraft(this.current)) {
      // the server answers the same stored question again (no second copy of it)
      this.connection.request({ type: 'retry', conversation: this.current, messageId: item.userMessageId })
        .catch((err) => this.notices.show(`Retry failed: ${err.message ?? err.code}`));
    } else {
      const question = m.questionFor(item);
      if (question) this.send(question);
    }
  }

  /** Asks the server for another answer to the question `item` answered (the same `retry` frame as after a failure). */
  regenerate(item) {
    if (!item.userMessageId || isDraft(this.current)) return Promise.reject(new Error('no stored question'));
    return this.connection.request({ type: 'retry', conversation: this.current, messageId: item.userMessageId })
      .catch((err) => {
        this.notices.show(`Could not ask for another answer: ${err.message ?? err.code}`);
        throw err;
      });
  }

  stopReply() {
    const stop = this.el.stop;
    if (!this.current || isDraft(this.current)) return;
    stop.disabled = true; // until the reply ends (turn_completed with status "stopped")
    this.connection.request({ type: 'stop', conversation: this.current }).catch((err) => {
      stop.disabled = false;
      this.notices.show(`Stop failed: ${err.message ?? err.code}`);
    });
  }
}
