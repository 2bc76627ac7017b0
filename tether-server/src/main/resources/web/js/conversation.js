// What one conversation shows: a list of items, each a user message or an assistant reply (text parts, tool
// steps and a reasoning model's thinking), built from snapshots, positioned events, pages of older history and
// local unsent messages (items.js makes them). No DOM: the view renders items whose `rev` changed (`dirty`), and
// re-orders only when `structural` is set.

import {
  ENDED, FINISHED, appendStreamed, inflightParts, itemsFromMessages, markEdited, markReplaced, replyItem, toolPart,
  userItem,
} from './items.js';

export { itemsFromMessages, replySource } from './items.js';

export class ConversationModel {
  constructor(id) {
    this.id = id;
    this.items = [];
    this.olderCursor = null;
    this.generation = 0;      // counts snapshots: a page of history asked for before one is stale
    this.hasSnapshot = false;
    this.loadingOlder = false;
    this.dirty = new Set();
    this.structural = true;
    this.listeners = new Set();
  }

  onChange(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  changed(item) {
    if (item) {
      item.rev++;
      this.dirty.add(item);
    }
    for (const fn of this.listeners) fn(this);
  }

  restructured() {
    this.structural = true;
    this.changed(null);
  }

  /** The reply being generated, if any. */
  get running() {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const it = this.items[i];
      if (it.kind === 'reply' && it.status === 'streaming') return it;
    }
    return null;
  }

  /**
   * The reply the user may ask another answer for: the last item, when it is an ended (complete or stopped) answer
   * to a stored question and nothing runs, waits or is being sent after it.
   */
  get regenerable() {
    const last = this.items.at(-1);
    return last?.kind === 'reply' && ENDED.has(last.status) && last.userMessageId !== null && !last.replaced
      ? last : null;
  }

  /**
   * The question the user may edit: the last one, stored, when its reply is the last item and has ended (complete,
   * stopped or failed) and nothing runs, waits or is being sent after it.
   */
  get editable() {
    const last = this.items.at(-1);
    if (last?.kind !== 'reply' || !FINISHED.has(last.status)) return null;
    const question = this.items.findLast((i) => i.kind === 'user');
    if (!question || question.id === null || question.status !== 'sent' || question.edited) return null;
    return last.userMessageId === null || last.userMessageId === question.id ? question : null;
  }

  /** Marks what an edit stored (now or in a page of older history) replaced; tells the view. */
  markEdits() {
    for (const item of markEdited(this.items)) this.changed(item);
  }

  /** The reply waiting for the server to try again after a failed attempt, if any (it can still be stopped). */
  get retrying() {
    const last = this.items.findLast((it) => it.kind === 'reply');
    return last?.status === 'retrying' ? last : null;
  }

  /** Replaces everything with the snapshot, keeping unacknowledged local messages at the end. */
  applySnapshot(snap, pending = []) {
    const items = itemsFromMessages(snap.messages ?? []);
    if (snap.inflight) {
      items.push(replyItem({ parts: inflightParts(snap.inflight), status: 'streaming',
        userMessageId: snap.inflight.userMessageId ?? null }));
    }
    const known = new Set(items.filter((i) => i.kind === 'user' && i.clientMessageId).map((i) => i.clientMessageId));
    for (const p of pending) {
      if (!known.has(p.clientMessageId)) {
        items.push(userItem({ clientMessageId: p.clientMessageId, text: p.text, status: 'sending', replaces: p.replaces ?? null }));
      }
    }
    this.items = items;
    this.generation++;
    this.olderCursor = snap.olderCursor ?? null;
    this.hasSnapshot = true;
    this.dirty.clear();
    this.restructured();
  }

  /** Older messages (oldest first) from the REST history, put above what is shown. */
  prependHistory(messages, next) {
    const older = itemsFromMessages(messages);
    const first = this.items[0];
    const last = older.at(-1);
    if (last && first && last.kind === 'reply' && !last.closed && first.kind === 'reply') {
      // a reply split across the page boundary: one item
      first.parts = [...last.parts, ...first.parts];
      first.ids = [...last.ids, ...first.ids];
      older.pop();
      this.changed(first);
    }
    const ids = new Set(this.items.filter((i) => i.kind === 'user' && i.id !== null).map((i) => i.id));
    this.items = [...older.filter((i) => !(i.kind === 'user' && ids.has(i.id))), ...this.items];
    this.olderCursor = next ?? null;
    this.markEdits(); // an edit on screen may replace a question of this page
    this.restructured();
  }

  addLocal(entry) {
    const item = userItem({ clientMessageId: entry.clientMessageId, text: entry.text, status: 'sending', at: entry.at,
      replaces: entry.replaces ?? null });
    this.items.push(item);
    this.restructured();
    return item;
  }

  userByClientId(clientMessageId) {
    return this.items.find((i) => i.kind === 'user' && i.clientMessageId === clientMessageId);
  }

  /** The item that shows stored message `id`: a user message, or a reply one of whose messages it is. */
  itemWithMessage(id) {
    return this.items.find((i) => (i.kind === 'user' ? i.id === id : i.messageId === id || i.ids?.includes(id)));
  }

  userById(id) {
    return this.items.find((i) => i.kind === 'user' && i.id === id);
  }

  markAcked(clientMessageId, messageId) {
    const item = this.userByClientId(clientMessageId);
    if (!item || item.status !== 'sending') return;
    item.id = messageId;
    item.status = 'sent';
    this.markEdits();
    this.changed(item);
  }

  markSendFailed(clientMessageId, error) {
    const item = this.userByClientId(clientMessageId);
    if (!item) return;
    item.status = 'failed';
    item.error = error?.message ?? 'The message could not be sent.';
    this.changed(item);
  }

  markRetrying(clientMessageId, error) {
    const item = this.userByClientId(clientMessageId);
    if (!item) return;
    item.note = error?.message ?? null;
    this.changed(item);
  }

  /** Applies one positioned event (the connection guarantees each arrives once, in order). */
  apply(f) {
    switch (f.type) {
      case 'user_message': return this.onUserMessage(f);
      case 'turn_queued': {
        const u = this.userById(f.userMessageId);
        if (u) { u.status = 'queued'; u.position = f.position; this.changed(u); }
        return;
      }
      case 'turn_started': {
        const u = this.userById(f.userMessageId);
        if (u && u.status !== 'sent') { u.status = 'sent'; this.changed(u); }
        this.items.push(replyItem({ status: 'streaming', userMessageId: f.userMessageId, at: Date.now() }));
        for (const earlier of markReplaced(this.items, f.userMessageId)) this.changed(earlier);
        return this.restructured();
      }
      case 'thinking':
      case 'delta': {
        const reply = this.ensureRunning();
        appendStreamed(reply, f.type === 'delta' ? 'text' : 'thinking', f.text);
        return this.changed(reply);
      }
      case 'tool_call': {
        const reply = this.ensureRunning();
        reply.parts.push(toolPart({ callId: f.callId, name: f.name, arguments: f.arguments }));
        return this.changed(reply);
      }
      case 'tool_result': {
        const reply = this.ensureRunning();
        const part = reply.parts.find((p) => p.type === 'tool' && p.callId === f.callId);
        if (part) Object.assign(part, { done: true, ok: f.ok, content: f.content, rev: part.rev + 1 });
        return this.changed(reply);
      }
      case 'turn_completed': {
        const reply = this.running ?? this.retrying; // a retry stopped before it ran ends the waiting reply
        if (!reply) return;
        reply.note = null;
        reply.status = f.status;
        reply.messageId = f.messageId;
        reply.closed = true;
        const lastText = reply.parts.filter((p) => p.type === 'text').at(-1)?.text ?? '';
        // turn_completed.text is the last assistant message; with tools (and after a snapshot, which joins
        // the turn's texts) it is the end of the last text part
        const hasTools = reply.parts.some((p) => p.type === 'tool');
        if (f.text !== undefined && (hasTools ? !lastText.endsWith(f.text) : lastText !== f.text)) {
          // the protocol promises the deltas add up to the stored text; say so loudly if they do not
          reply.mismatch = true;
          console.warn('tether: streamed text differs from the stored reply', { streamed: lastText, stored: f.text });
        }
        return this.changed(reply);
      }
      case 'turn_retrying': {
        // this attempt failed and the server runs the reply again after a delay: a new turn_started follows
        const reply = this.running ?? this.pushReply();
        reply.status = 'retrying';
        reply.closed = true;
        reply.note = `${f.message} Trying again in ${Math.max(1, Math.round(f.retryInMs / 1000))} s `
          + `(attempt ${f.attempt + 1} of ${f.maxAttempts}).`;
        return this.changed(reply);
      }
      case 'turn_failed': {
        const reply = this.running ?? this.pushReply();
        reply.status = 'failed';
        if (f.userMessageId) reply.userMessageId = f.userMessageId;
        reply.closed = true;
        reply.error = { code: f.code, message: f.message, retryable: f.retryable };
        return this.changed(reply);
      }
      default:
        return; // unknown event types are ignored (forward compatibility)
    }
  }

  onUserMessage(f) {
    const local = f.clientMessageId ? this.userByClientId(f.clientMessageId) : null;
    if (local) {
      Object.assign(local, { id: f.messageId, text: f.text, at: f.at, status: local.status === 'queued' ? 'queued' : 'sent',
        replaces: f.replaces ?? null });
      this.markEdits();
      return this.changed(local);
    }
    if (this.userById(f.messageId)) return;
    this.items.push(userItem({ id: f.messageId, clientMessageId: f.clientMessageId || null, text: f.text, at: f.at,
      replaces: f.replaces ?? null }));
    this.markEdits();
    this.restructured();
  }

  ensureRunning() {
    return this.running ?? this.pushReply();
  }

  pushReply() {
    const reply = replyItem({ status: 'streaming' });
    this.items.push(reply);
    this.structural = true;
    return reply;
  }

  /** The user text a reply answered: what Retry sends again. */
  questionFor(reply) {
    if (reply.userMessageId !== null) {
      const u = this.userById(reply.userMessageId);
      if (u) return u.text;
    }
    const index = this.items.indexOf(reply);
    for (let i = index - 1; i >= 0; i--) {
      if (this.items[i].kind === 'user') return this.items[i].text;
    }
    return null;
  }
}
