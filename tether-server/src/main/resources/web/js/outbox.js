// Messages the user sent that the server has not acknowledged yet. Kept in localStorage, so a message typed
// offline, or just before a reload, is still sent; every (re)send carries the same clientMessageId, so the
// server stores it exactly once (docs/protocol.md section 5).

const KEY = 'tether.outbox';

/** Persistent list of {clientMessageId, conversation, text, title?, replaces? (the question it edits), at}. */
export class Outbox {
  constructor(storage = globalThis.localStorage, key = KEY) {
    this.storage = storage;
    this.key = key;
  }

  list() {
    try {
      const value = JSON.parse(this.storage?.getItem(this.key) ?? '[]');
      return Array.isArray(value) ? value : [];
    } catch {
      return [];
    }
  }

  save(entries) {
    try {
      this.storage?.setItem(this.key, JSON.stringify(entries));
    } catch (e) {
      console.warn('tether: cannot save the outbox', e);
    }
  }

  add(entry) {
    const entries = this.list().filter((e) => e.clientMessageId !== entry.clientMessageId);
    entries.push(entry);
    this.save(entries);
  }

  remove(clientMessageId) {
    const entries = this.list();
    const kept = entries.filter((e) => e.clientMessageId !== clientMessageId);
    if (kept.length !== entries.length) this.save(kept);
  }

  get(clientMessageId) {
    return this.list().find((e) => e.clientMessageId === clientMessageId);
  }

  forConversation(conversation) {
    return this.list().filter((e) => e.conversation === conversation);
  }

  /** The conversation was deleted: its unsent messages go with it (sending them would only fail). */
  discard(conversation) {
    const entries = this.list();
    const kept = entries.filter((e) => e.conversation !== conversation);
    if (kept.length !== entries.length) this.save(kept);
  }

  /** A draft conversation got its real id: points its entries there. */
  rename(from, to) {
    this.save(this.list().map((e) => (e.conversation === from ? { ...e, conversation: to } : e)));
  }
}

export const isDraft = (conversation) => typeof conversation === 'string' && conversation.startsWith('draft:');

/**
 * Sends outbox entries whenever the connection is open: on submit, and all of them after every welcome.
 * Drafts (`draft:...`, a new chat started offline) are created first, once. Hooks:
 * beforeSend(conversation) (subscribe first, so the user_message comes back), onCreated(draft, id),
 * onAcked(entry, ack), onFailed(entry, error) for errors a resend cannot fix.
 */
export class Sender {
  constructor(connection, outbox, hooks = {}, setTimeout = globalThis.setTimeout.bind(globalThis)) {
    this.connection = connection;
    this.outbox = outbox;
    this.hooks = hooks;
    this.st = setTimeout;
    this.inFlight = new Set();     // clientMessageIds sent on the current socket and not yet answered
    this.creating = new Map();     // draft -> promise of the real id
    connection.on('open', () => this.flush());
    connection.on('state', ({ state }) => { if (state !== 'open') this.inFlight.clear(); });
  }

  submit(entry) {
    this.outbox.add(entry);
    this.trySend(entry.clientMessageId);
  }

  flush() {
    for (const entry of this.outbox.list()) this.trySend(entry.clientMessageId);
  }

  async trySend(clientMessageId) {
    if (!this.connection.isOpen || this.inFlight.has(clientMessageId)) return;
    let entry = this.outbox.get(clientMessageId);
    if (!entry) return;
    this.inFlight.add(clientMessageId);
    try {
      let conversation = entry.conversation;
      if (isDraft(conversation)) conversation = await this.create(conversation, entry.title);
      entry = this.outbox.get(clientMessageId);
      if (!entry) return;
      this.hooks.beforeSend?.(conversation);
      const frame = { type: 'send', conversation, clientMessageId, text: entry.text };
      if (entry.replaces) frame.replaces = entry.replaces;
      const ack = await this.connection.request(frame);
      this.outbox.remove(clientMessageId);
      this.hooks.onAcked?.({ ...entry, conversation }, ack);
    } catch (err) {
      this.failed(clientMessageId, err);
    } finally {
      this.inFlight.delete(clientMessageId);
    }
  }

  failed(clientMessageId, err) {
    if (err?.code === 'disconnected') return; // sent again after the next welcome
    if (err?.retryable) {
      this.st(() => this.trySend(clientMessageId), Math.max(500, err.retryAfterMs ?? 2000));
      this.hooks.onRetrying?.(this.outbox.get(clientMessageId), err);
      return;
    }
    const entry = this.outbox.get(clientMessageId);
    this.outbox.remove(clientMessageId);
    if (entry) this.hooks.onFailed?.(entry, err);
  }

  create(draft, title) {
    if (!this.creating.has(draft)) {
      const p = this.connection.request({ type: 'create', title: title || 'New chat' }).then((ack) => {
        this.outbox.rename(draft, ack.conversation);
        this.hooks.onCreated?.(draft, ack.conversation);
        return ack.conversation;
      });
      p.catch(() => this.creating.delete(draft));
      this.creating.set(draft, p);
    }
    return this.creating.get(draft);
  }
}
