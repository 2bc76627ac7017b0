// What one conversation shows: a list of items, each a user message or an assistant reply (text parts and
// tool steps), built from snapshots, positioned events, pages of older history and local unsent messages.
// No DOM: the view renders items whose `rev` changed (`dirty`), and re-orders only when `structural` is set.

let keys = 0;
const nextKey = (prefix) => `${prefix}${++keys}`;

function userItem(fields) {
  return { kind: 'user', key: nextKey('u'), rev: 1, id: null, clientMessageId: null, text: '', status: 'sent', ...fields };
}

function replyItem(fields) {
  return { kind: 'reply', key: nextKey('r'), rev: 1, parts: [], status: 'complete', error: null, userMessageId: null,
    closed: false, ids: [], ...fields };
}

const textPart = (text) => ({ type: 'text', text, rev: 1 });
const toolPart = (t) => ({ type: 'tool', rev: 1, callId: t.callId, name: t.name, arguments: t.arguments ?? '',
  done: !!t.done, ok: t.ok ?? null, content: t.content ?? null });

/**
 * Items from stored messages (oldest first). A reply is every assistant and tool message after a user message;
 * a final assistant message (one without tool calls) closes it, so the next assistant message starts a new one
 * (queued messages answered one after the other).
 */
export function itemsFromMessages(messages) {
  const items = [];
  const tools = new Map();
  for (const m of messages) {
    if (m.role === 'user') {
      items.push(userItem({ id: m.id, clientMessageId: m.clientMessageId ?? null, text: m.text, at: m.at,
        replaces: m.replaces ?? null }));
      continue;
    }
    let reply = items.at(-1);
    if (!reply || reply.kind !== 'reply' || reply.closed) {
      reply = replyItem({});
      items.push(reply);
    }
    reply.ids.push(m.id); // the stored messages it shows: a search result names one of them
    reply.at ??= m.at;    // when the reply started
    if (m.role === 'assistant') {
      if (m.text) reply.parts.push(textPart(m.text));
      for (const c of m.toolCalls ?? []) {
        const part = toolPart({ callId: c.id, name: c.name, arguments: c.arguments });
        tools.set(c.id, part);
        reply.parts.push(part);
      }
      reply.status = m.status;
      reply.messageId = m.id;
      if (m.replyTo) reply.userMessageId = m.replyTo;
      reply.closed = !(m.toolCalls?.length);
    } else if (m.role === 'tool') {
      const part = tools.get(m.toolCallId) ?? toolPart({ callId: m.toolCallId, name: m.toolName });
      if (!tools.has(m.toolCallId)) reply.parts.push(part);
      part.done = true;
      part.content = m.text;
      part.ok = m.status !== 'failed';
    }
  }
  markReplaced(items);
  markEdited(items);
  return items;
}

const ENDED = new Set(['complete', 'stopped']);
const FINISHED = new Set(['complete', 'stopped', 'failed']);

/**
 * Marks `edited` every stored question a later stored question `replaces` (the user edited it and asked again), and
 * `replaced` + `editedAway` every reply to it (by `userMessageId`, else the question it follows): the server no
 * longer shows the model any of them. Returns the items newly marked.
 */
function markEdited(items) {
  const edited = new Set(items.filter((i) => i.kind === 'user' && i.id !== null && i.replaces).map((i) => i.replaces));
  const marked = [];
  let question = null;
  for (const it of items) {
    if (it.kind === 'user') {
      question = it;
      if (edited.has(it.id) && !it.edited) {
        it.edited = true;
        marked.push(it);
      }
    } else if (edited.has(it.userMessageId ?? question?.id) && !it.editedAway) {
      it.replaced = it.editedAway = true;
      marked.push(it);
    }
  }
  return marked;
}

/**
 * Marks `replaced` every ended answer (complete or stopped) followed by another reply to the same question: the user
 * asked for another answer, and the server no longer shows the model the earlier one. Returns those newly marked.
 */
function markReplaced(items, question = null) {
  const later = new Set();
  const marked = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if (it.kind !== 'reply' || it.userMessageId === null) continue;
    if ((question === null || it.userMessageId === question) && later.has(it.userMessageId)
        && ENDED.has(it.status) && !it.replaced) {
      it.replaced = true;
      marked.push(it);
    }
    later.add(it.userMessageId);
  }
  return marked;
}

/** A reply's Markdown source: its text parts as the model wrote them (tool steps between them become a blank line). */
export function replySource(item) {
  return item.parts.filter((p) => p.type === 'text').map((p) => p.text).join('\n\n');
}

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
      // tool steps sit within the text where they were called (`at`: how much text came before each)
      const parts = [];
      const text = snap.inflight.text ?? '';
      let from = 0;
      for (const t of snap.inflight.tools ?? []) {
        const at = Math.min(Math.max(from, t.at ?? from), text.length);
        if (at > from) parts.push(textPart(text.slice(from, at)));
        parts.push(toolPart(t));
        from = at;
      }
      if (text.length > from) parts.push(textPart(text.slice(from)));
      items.push(replyItem({ parts, status: 'streaming', userMessageId: snap.inflight.userMessageId ?? null }));
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
      case 'delta': {
        const reply = this.ensureRunning();
        const last = reply.parts.at(-1);
        if (last && last.type === 'text') {
          last.text += f.text;
          last.rev++;
        } else {
          reply.parts.push(textPart(f.text));
        }
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
