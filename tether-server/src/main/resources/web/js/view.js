// Renders a ConversationModel into the message column. Changes are batched to one update per animation
// frame, and only changed items (and, inside a reply, only changed parts) are re-rendered: while a reply
// streams, that is one Markdown render of one message per frame, whatever the length of the conversation.

import { renderMarkdown } from './markdown.js';
import { addCodeButtons, copyButton } from './copy.js';
import { highlightCode } from './syntax.js';
import { replySource } from './conversation.js';
import { thinkingGoesOn } from './items.js';
import { EditControl } from './edit.js';
import { el, keepingFocus, timeEl, prettyJson } from './dom.js';

const STATUS_TEXT = {
  sending: 'Sending…',
  queued: 'Waiting for the current reply',
  stopped: 'Stopped',
  interrupted: 'Interrupted: the server stopped before the reply finished',
};

const REPLACED_TEXT = 'Replaced by the newer answer below';
const EDITED_TEXT = 'Edited: replaced by the question below';
const EDITED_ANSWER_TEXT = 'Answer to the edited question above';

export class ConversationView {
  /**
   * @param scroller the scrolling element; @param list where items go;
   * @param hooks {onRetry(item), onRegenerate(item) (a promise: another answer to the reply's question),
   *   onEdit(item, text) (ask `text` instead of question `item`), onNearTop(),
   *   onNotice(message) (what the user must be told, e.g. a failed copy)}
   * @param jump a button shown while the view is scrolled away from the newest message; it scrolls back down
   */
  constructor(scroller, list, hooks, jump = null) {
    this.scroller = scroller;
    this.list = list;
    this.hooks = hooks;
    this.jump = jump;
    this.model = null;
    this.nodes = new Map(); // item key -> element
    this.frame = 0;
    this.unlisten = null;
    this.edits = new EditControl(this); // the Edit button and the inline editor of the last question
    scroller.addEventListener('scroll', () => {
      if (this.scroller.scrollTop < 400) this.hooks.onNearTop?.();
      this.updateJump();
    }, { passive: true });
    jump?.addEventListener('click', () => {
      this.scrollToBottom();
      this.updateJump();
    });
  }

  /** Scrolls `item` (of the shown model) to the middle of the view and marks it for a moment. */
  reveal(item) {
    this.sync();
    const node = this.nodes.get(item.key);
    if (!node) return;
    node.scrollIntoView({ block: 'center' });
    node.classList.add('found');
    setTimeout(() => node.classList.remove('found'), 3000);
    this.updateJump();
  }

  updateJump() {
    const hidden = !this.model || this.nearBottom();
    if (this.jump && this.jump.hidden !== hidden) this.jump.hidden = hidden;
  }

  show(model) {
    this.unlisten?.();
    this.model = model;
    this.edits.editing = null;
    this.nodes.clear();
    this.list.replaceChildren();
    if (!model) {
      this.updateJump();
      return;
    }
    model.structural = true;
    model.dirty = new Set(model.items);
    this.unlisten = model.onChange(() => this.schedule());
    this.sync();
    this.scrollToBottom();
    this.updateJump();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.sync();
    });
  }

  nearBottom() {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 60;
  }

  scrollToBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  /** Applies pending changes now. Keeps the view pinned to the bottom if it was there. */
  sync() {
    const model = this.model;
    if (!model) return;
    const stick = this.nearBottom();
    for (const item of model.dirty) this.update(item);
    model.dirty.clear();
    if (model.structural) {
      model.structural = false;
      this.reorder(model.items);
    }
    this.placeRegenerate();
    this.edits.place();
    if (stick) this.scrollToBottom();
    this.updateJump();
  }

  /**
   * One Regenerate button, under the last reply when the user may ask for another answer to it
   * (`model.regenerable`); moved or removed after every change, since a new question or reply ends that.
   */
  placeRegenerate() {
    const target = this.model?.regenerable;
    const node = target ? this.nodes.get(target.key) : null;
    if (!node?.actionsEl) {
      this.regenerateEl?.remove();
      return;
    }
    if (!this.regenerateEl) {
      const b = el('button', 'copy regenerate', 'Regenerate');
      b.type = 'button';
      b.title = 'Write another answer to this question';
      b.addEventListener('click', () => {
        b.disabled = true; // until the new answer starts, or the request fails
        Promise.resolve(this.hooks.onRegenerate?.(b.item)).catch(() => { b.disabled = false; });
      });
      this.regenerateEl = b;
    }
    if (this.regenerateEl.item !== target) {
      this.regenerateEl.item = target;
      this.regenerateEl.disabled = false;
    }
    if (this.regenerateEl.parentNode !== node.actionsEl) node.actionsEl.append(this.regenerateEl);
  }

  /** Applies pending changes now, keeping what is on screen where it is (for content put above it). */
  syncKeepingPosition() {
    const s = this.scroller;
    const before = s.scrollHeight;
    const top = s.scrollTop;
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    const model = this.model;
    for (const item of model.dirty) this.update(item);
    model.dirty.clear();
    model.structural = false;
    this.reorder(model.items);
    this.placeRegenerate();
    this.edits.place();
    s.scrollTop = top + (s.scrollHeight - before);
    this.updateJump();
  }

  reorder(items) {
    let cursor = this.list.firstChild;
    const keep = new Set();
    for (const item of items) {
      let node = this.nodes.get(item.key);
      if (!node) node = this.update(item);
      keep.add(node);
      if (node === cursor) {
        cursor = cursor.nextSibling;
      } else {
        this.list.insertBefore(node, cursor);
      }
    }
    for (const [key, node] of this.nodes) {
      if (!keep.has(node)) {
        node.remove();
        this.nodes.delete(key);
      }
    }
  }

  update(item) {
    let node = this.nodes.get(item.key);
    if (!node) {
      node = el('article', `msg ${item.kind === 'user' ? 'user' : 'assistant'}`);
      node.renderedRev = 0;
      this.nodes.set(item.key, node);
    }
    if (node.renderedRev === item.rev) return node;
    node.renderedRev = item.rev;
    if (item.kind === 'user') this.renderUser(node, item); else this.renderReply(node, item);
    return node;
  }

  /** The node's `<time>` for `at`, made once: a streaming reply's foot is redrawn every frame. */
  when(node, at) {
    if (node.whenAt !== at) {
      node.whenAt = at;
      node.whenEl = timeEl(at);
    }
    return node.whenEl;
  }

  renderUser(node, item) {
    node.dataset.status = item.status;
    if (item.id !== null) node.dataset.messageId = item.id;
    if (item.clientMessageId) node.dataset.clientMessageId = item.clientMessageId;
    node.setAttribute('aria-label', 'You');
    node.classList.toggle('replaced', !!item.edited);
    const children = [node.editor ?? el('div', 'bubble', item.text)];
    if (item.edited) {
      children.push(el('div', 'meta', EDITED_TEXT));
    } else if (item.status === 'failed') {
      const err = el('div', 'error', `Not sent: ${item.error} `);
      err.setAttribute('role', 'alert');
      // a refused edit cannot be sent again as an edit (its question is no longer the last, or is answering): offer
      // what Retry does, in so many words
      const retry = el('button', 'retry', item.replaces ? 'Send as a new question' : 'Retry');
      retry.type = 'button';
      retry.addEventListener('click', () => this.hooks.onRetry?.(item));
      err.append(retry);
      children.push(err);
    } else if (STATUS_TEXT[item.status]) {
      children.push(el('div', 'meta', item.note ? `${STATUS_TEXT[item.status]} (${item.note})` : STATUS_TEXT[item.status]));
    }
    node.actionsEl ??= el('div', 'actions'); // kept: it holds the Edit button while this is the last question
    if (!node.editor) children.push(node.actionsEl);
    const when = this.when(node, item.at);
    if (when) children.push(when);
    node.replaceChildren(...children);
  }

  renderReply(node, item) {
    node.dataset.status = item.status;
    if (item.messageId !== undefined) node.dataset.messageId = item.messageId;
    if (item.mismatch) node.dataset.mismatch = 'true';
    node.setAttribute('aria-label', 'Assistant');
    if (!node.partsEl) {
      node.partsEl = el('div', 'parts');
      node.footEl = el('div', 'foot');
      node.partNodes = [];
      node.append(node.partsEl, node.footEl);
    }
    const nodes = node.partNodes;
    item.parts.forEach((part, i) => {
      let p = nodes[i];
      if (!p || p.partType !== part.type) {
        const fresh = part.type === 'text' ? el('div', 'md') : part.type === 'thinking' ? this.thinkingNode()
          : this.toolNode();
        fresh.partType = part.type;
        fresh.renderedRev = 0;
        if (p) p.replaceWith(fresh); else node.partsEl.append(fresh);
        nodes[i] = p = fresh;
      }
      if (p.renderedRev !== part.rev) {
        p.renderedRev = part.rev;
        if (part.type === 'text') this.renderText(p, part.text);
        else if (part.type === 'thinking') this.renderThinking(p, part);
        else this.renderTool(p, part);
      }
      if (part.type === 'thinking') this.thinkingState(p, thinkingGoesOn(item, part)); // ends without a change of its own
    });
    while (nodes.length > item.parts.length) nodes.pop().remove();
    node.item = item; // what the reply's Copy button copies: the item as it is when clicked
    this.renderFoot(node, item);
  }

  renderText(p, text) {
    // syntax colours and the Copy buttons are added after sanitising, to the DOM: the sanitiser never sees (or
    // could strip) them
    keepingFocus(p, 'button.copy', () => renderMarkdown(p, text, (block) => {
      highlightCode(block);
      addCodeButtons(block, (message) => this.hooks.onNotice?.(message));
    }));
  }

  /**
   * A reasoning model's thinking: closed, under "Thinking…" while it goes on and "Thoughts" once the model moved on.
   * Its Markdown is rendered only while it is open (and when opened), so a closed one costs nothing per token.
   */
  thinkingNode() {
    const d = el('details', 'thinking');
    d.summaryEl = el('summary');
    d.bodyEl = el('div', 'md thinking-body');
    d.append(d.summaryEl, d.bodyEl);
    d.addEventListener('toggle', () => {
      if (d.open && d.renderedText !== d.text) this.renderThinkingBody(d);
    });
    return d;
  }

  renderThinking(d, part) {
    d.text = part.text;
    if (d.open) this.renderThinkingBody(d);
  }

  thinkingState(d, goesOn) {
    const state = goesOn ? 'thinking' : 'done';
    if (d.dataset.state === state) return;
    d.dataset.state = state;
    d.summaryEl.textContent = goesOn ? 'Thinking…' : 'Thoughts';
  }

  renderThinkingBody(d) {
    d.renderedText = d.text;
    this.renderText(d.bodyEl, d.text);
  }

  toolNode() {
    const d = el('details', 'tool');
    d.summaryEl = el('summary');
    d.argsEl = el('pre', 'tool-args');
    d.resultEl = el('pre', 'tool-result');
    d.argsEl.tabIndex = d.resultEl.tabIndex = 0; // they scroll: the keyboard must reach them
    d.append(d.summaryEl, el('div', 'tool-label', 'Arguments'), d.argsEl, el('div', 'tool-label', 'Result'), d.resultEl);
    return d;
  }

  renderTool(d, part) {
    const state = !part.done ? 'running' : part.ok === false ? 'failed' : 'done';
    d.dataset.state = state;
    d.dataset.callId = part.callId;
    d.summaryEl.replaceChildren(el('span', 'tool-name', part.name), el('span', 'tool-state', state === 'running' ? ' running…' : state === 'failed' ? ' failed' : ' done'));
    d.argsEl.textContent = prettyJson(part.arguments);
    d.resultEl.textContent = part.done ? (part.content ?? '(result not shown)') : '…';
  }

  renderFoot(node, item) {
    const foot = node.footEl;
    const children = [];
    if (item.status === 'streaming') {
      const typing = el('div', 'typing');
      typing.setAttribute('aria-label', 'The assistant is writing');
      typing.append(el('span'), el('span'), el('span'));
      children.push(typing);
    } else if (item.editedAway) {
      // its question was edited: the answer (or failure) stays for the record, with nothing to retry
      children.push(el('div', 'meta', item.status === 'stopped' ? `${STATUS_TEXT.stopped}. ${EDITED_ANSWER_TEXT}`
        : EDITED_ANSWER_TEXT));
    } else if (item.status === 'failed') {
      const message = item.error?.message ?? 'The reply failed.';
      const err = el('div', 'error', `${message} `);
      err.setAttribute('role', 'alert');
      const retry = el('button', 'retry', 'Retry');
      retry.type = 'button';
      retry.addEventListener('click', () => this.hooks.onRetry?.(item));
      err.append(retry);
      children.push(err);
    } else if (item.status === 'retrying') {
      children.push(el('div', 'meta', item.note ?? 'Retrying…'));
    } else if (item.replaced) {
      children.push(el('div', 'meta', item.status === 'stopped' ? `${STATUS_TEXT.stopped}. ${REPLACED_TEXT}` : REPLACED_TEXT));
    } else if (STATUS_TEXT[item.status]) {
      children.push(el('div', 'meta', STATUS_TEXT[item.status]));
    }
    node.classList.toggle('replaced', !!item.replaced);
    if (item.status !== 'streaming' && item.status !== 'retrying') {
      // made once per reply and kept: the foot is redrawn on every change, the buttons (and their focus) stay
      node.actionsEl ??= el('div', 'actions');
      if (item.parts.some((p) => p.type === 'text' && p.text)) {
        node.copyEl ??= copyButton('copy-reply', 'Copy reply as Markdown', () => replySource(node.item),
          (message) => this.hooks.onNotice?.(message));
        node.actionsEl.replaceChildren(node.copyEl);
      } else {
        node.actionsEl.replaceChildren();
      }
      children.push(node.actionsEl);
    }
    const when = this.when(node, item.at);
    if (when) children.push(when);
    keepingFocus(foot, 'button.copy', () => foot.replaceChildren(...children));
  }
}
