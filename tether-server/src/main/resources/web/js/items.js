// The items a conversation shows, and the parts of a reply, from stored messages and snapshots: no state of
// their own beyond what they are given. ConversationModel (conversation.js) keeps them up to date with events.

let keys = 0;
const nextKey = (prefix) => `${prefix}${++keys}`;

export function userItem(fields) {
  return { kind: 'user', key: nextKey('u'), rev: 1, id: null, clientMessageId: null, text: '', status: 'sent', ...fields };
}

export function replyItem(fields) {
  return { kind: 'reply', key: nextKey('r'), rev: 1, parts: [], status: 'complete', error: null, userMessageId: null,
    closed: false, ids: [], ...fields };
}

export const textPart = (text) => ({ type: 'text', text, rev: 1 });
export const thinkingPart = (text) => ({ type: 'thinking', text, rev: 1 });
export const toolPart = (t) => ({ type: 'tool', rev: 1, callId: t.callId, name: t.name, arguments: t.arguments ?? '',
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
      if (m.thinking) reply.parts.push(thinkingPart(m.thinking));
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

export const ENDED = new Set(['complete', 'stopped']);
export const FINISHED = new Set(['complete', 'stopped', 'failed']);

/**
 * Marks `edited` every stored question a later stored question `replaces` (the user edited it and asked again), and
 * `replaced` + `editedAway` every reply to it (by `userMessageId`, else the question it follows): the server no
 * longer shows the model any of them. Returns the items newly marked.
 */
export function markEdited(items) {
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
export function markReplaced(items, question = null) {
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

/**
 * The parts of the reply being generated, from a snapshot's `inflight`: tool steps sit within the text where they
 * were called (`at`: how much text came before each), stretches of thinking where they were thought (`at`, and
 * `toolsBefore`: after that many tool steps).
 */
export function inflightParts(inflight) {
  const text = inflight.text ?? '';
  const marks = [
    ...(inflight.tools ?? []).map((t, i) => ({ at: t.at, after: i, order: 1, part: toolPart(t) })),
    ...(inflight.thinking ?? []).map((t) => ({ at: t.at, after: t.toolsBefore ?? 0, order: 0,
      part: thinkingPart(t.text ?? '') })),
  ].sort((a, b) => (a.at ?? 0) - (b.at ?? 0) || a.after - b.after || a.order - b.order);
  const parts = [];
  let from = 0;
  for (const mark of marks) {
    const at = Math.min(Math.max(from, mark.at ?? from), text.length);
    if (at > from) parts.push(textPart(text.slice(from, at)));
    parts.push(mark.part);
    from = at;
  }
  if (text.length > from) parts.push(textPart(text.slice(from)));
  return parts;
}

/**
 * Whether the model is still thinking `part` of `reply`: only while it is the last part of a reply that streams
 * (text, a tool call or the reply's end comes after the thinking it follows).
 */
export function thinkingGoesOn(reply, part) {
  return reply.status === 'streaming' && reply.parts.at(-1) === part;
}

/** Appends streamed `text` of part type `type` ('text' or 'thinking') to the reply's last part, or starts one. */
export function appendStreamed(reply, type, text) {
  const last = reply.parts.at(-1);
  if (last?.type === type) {
    last.text += text;
    last.rev++;
  } else {
    reply.parts.push(type === 'text' ? textPart(text) : thinkingPart(text));
  }
}

