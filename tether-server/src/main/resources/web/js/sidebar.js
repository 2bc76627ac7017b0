// The conversation list: what GET /api/conversations returns, plus conversations this browser created (kept
// in localStorage, so the list is useful even when the REST API is unreachable), most recent first. Each entry
// can be renamed (inline, in place of its button) and deleted (sidebar-entry.js draws one); the requests themselves
// are the app's (hooks).
// The server's list comes a page at a time ("Show older conversations"); a search shows the loaded titles that
// match at once, then asks the server, which also finds what was said in a conversation: such an entry shows a
// snippet of the message under its title, the search text marked.

import { drawEntry, drawEditor } from './sidebar-entry.js';

const KEY = 'tether.known';
const MAX_KNOWN = 50;
const PAGE = 50;
const SEARCH_DELAY_MS = 250; // typing pauses this long before the server is asked

export class Sidebar {
  /**
   * @param hooks {onSelect(id, messageId) (messageId: the message a search found it by, or null), onRename(id, title),
   *   onDelete(id), onLoaded() (titles may have changed)}
   * @param parts {search (input), more (button), empty (element for "nothing found")}, each optional
   */
  constructor(list, errorEl, api, hooks, { search = null, more = null, empty = null } = {}) {
    this.list = list;
    this.errorEl = errorEl;
    this.api = api;
    this.hooks = hooks;
    this.search = search;
    this.more = more;
    this.empty = empty;
    this.query = '';        // search text: only titles containing it are shown, and the server is asked for those
    this.next = null;       // where the server's list (for this query) continues; null at its end
    this.requests = 0;      // numbers list requests: the answer to one the user has moved on from is dropped
    this.cleared = false;   // signed out (clear()): nothing more is kept in localStorage
    this.searchTimer = null;
    this.matches = new Map(); // id -> the message it was found by (null: by its title), for the server's search results
    this.searching = false;  // the server has not answered the query yet
    search?.addEventListener('input', () => this.setQuery(search.value));
    search?.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && search.value) {
        e.preventDefault();
        search.value = '';
        this.setQuery('');
      }
    });
    more?.addEventListener('click', () => this.loadMore());
    this.items = new Map(); // id -> {id, title, updatedAt}
    this.current = null;
    this.editing = null;    // the id whose title is being edited: the list is not redrawn meanwhile
    this.editor = null;     // ... and its input (finishing the edit redraws whatever changed meanwhile)
    this.busy = new Set();  // ids with a rename or delete request under way
    this.gone = new Set();  // ids deleted while this page is open: a list fetched before that must not bring them back
    this.rows = new Map();  // id -> {key, li}: what is drawn
    for (const c of this.loadKnown()) this.items.set(c.id, c);
    this.render();
  }

  loadKnown() {
    try {
      const v = JSON.parse(localStorage.getItem(KEY) ?? '[]');
      return Array.isArray(v) ? v : [];
    } catch {
      return [];
    }
  }

  saveKnown() {
    if (this.cleared) return;
    const known = this.sorted().slice(0, MAX_KNOWN);
    try { localStorage.setItem(KEY, JSON.stringify(known)); } catch { /* full or disabled: the list is a convenience */ }
  }

  /**
   * Signed out: empties the list, drops the answers to requests still on their way, and writes nothing to
   * localStorage any more (what it kept there belongs to the user who signed out).
   */
  clear() {
    this.cleared = true;
    this.requests++;
    this.items.clear();
    this.render();
  }

  async refresh() {
    const asked = Date.now();
    const request = ++this.requests;
    const query = this.query;
    try {
      const page = await this.api.conversations(undefined, PAGE, query);
      // a newer request (the next search) answers instead; a query typed since is asked for once typing pauses
      if (request !== this.requests || query !== this.query) return;
      this.searching = false;
      const listed = this.merge(page, query);
      this.next = page.next ?? null;
      if (!page.next && !query) {
        // the whole list: a remembered conversation missing from it was deleted (from another device, or while
        // this page was closed). One added locally since the request was sent may just be too new for it.
        for (const c of [...this.items.values()]) {
          if (!listed.has(c.id) && c.updatedAt < asked) this.items.delete(c.id);
        }
      }
      this.errorEl.hidden = true;
      this.saveKnown();
    } catch (e) {
      if (request !== this.requests || query !== this.query) return;
      this.searching = false;
      this.errorEl.hidden = false;
      this.errorEl.textContent = `Conversations could not be loaded: ${e.message}`;
    }
    this.render();
    this.hooks.onLoaded?.();
  }

  /** The next page of the server's list (of the search, if one is typed). */
  async loadMore() {
    if (!this.next) return;
    const request = ++this.requests;
    const cursor = this.next;
    const query = this.query;
    this.more?.setAttribute('aria-busy', 'true');
    try {
      const page = await this.api.conversations(cursor, PAGE, query);
      if (request !== this.requests || query !== this.query) return;
      this.merge(page, query);
      this.next = page.next ?? null;
      this.errorEl.hidden = true;
      this.saveKnown();
    } catch (e) {
      if (request !== this.requests) return;
      this.errorEl.hidden = false;
      this.errorEl.textContent = `Older conversations could not be loaded: ${e.message}`;
    } finally {
      if (request === this.requests) this.more?.removeAttribute('aria-busy');
    }
    this.render();
  }

  /** Takes a page of the server's list (for `query`) into the known conversations; returns the ids it listed. */
  merge(page, query) {
    const listed = new Set();
    for (const c of page.items ?? []) {
      if (this.gone.has(c.id)) continue;
      listed.add(c.id);
      if (query) this.matches.set(c.id, c.match ?? null);
      this.items.set(c.id, { id: c.id, title: c.title, updatedAt: Date.parse(c.updatedAt) || c.updatedAt || 0 });
    }
    return listed;
  }

  /** Shows the loaded titles containing `text` at once; asks the server for all of them once typing pauses. */
  setQuery(text) {
    const query = text.trim();
    if (query === this.query) return;
    this.query = query;
    this.next = null; // the old list's continuation is not this query's
    this.matches = new Map(); // the old query's results: until the server answers, loaded titles are filtered here
    this.searching = !!query;
    this.more?.removeAttribute('aria-busy');
    this.render();
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.refresh(), query ? SEARCH_DELAY_MS : 0);
  }

  addLocal({ id, title }) {
    this.items.set(id, { id, title, updatedAt: Date.now() });
    this.saveKnown();
    this.render();
  }

  touch(id) {
    const c = this.items.get(id);
    if (!c) return;
    c.updatedAt = Date.now();
    this.saveKnown();
    this.render();
  }

  /**
   * The server says the conversation exists with this title: created or renamed anywhere (another tab or device,
   * the API), told to every connection of the user. A conversation deleted here stays deleted.
   */
  upsert({ id, title, updatedAt }) {
    if (this.gone.has(id)) return;
    const c = this.items.get(id);
    const at = Math.max(updatedAt || 0, c?.updatedAt ?? 0);
    if (c && c.title === title && c.updatedAt === at) return;
    this.items.set(id, { id, title, updatedAt: at });
    this.saveKnown();
    this.render();
  }

  /** The server renamed it (the title as stored, possibly clipped). */
  rename(id, title) {
    const c = this.items.get(id);
    if (!c) return;
    c.title = title;
    this.saveKnown();
    this.render();
  }

  /** Removes a deleted conversation; keyboard focus on its entry moves to its neighbour. */
  forget(id) {
    this.gone.add(id);
    this.busy.delete(id);
    this.matches.delete(id);
    if (this.editing === id) {
      this.editing = null;
      this.editor = null;
    }
    if (!this.items.has(id)) return;
    const row = this.row(id);
    const hadFocus = !!row?.contains(document.activeElement);
    const index = this.shown().findIndex((c) => c.id === id);
    this.items.delete(id);
    this.saveKnown();
    this.render();
    if (hadFocus) {
      const rest = this.shown();
      const next = rest[Math.min(index, rest.length - 1)];
      if (next) this.row(next.id)?.querySelector('.conv-open')?.focus();
    }
  }

  title(id) {
    return this.items.get(id)?.title ?? null;
  }

  setCurrent(id) {
    this.current = id;
    this.render();
  }

  setBusy(id, busy) {
    if (busy) this.busy.add(id); else this.busy.delete(id);
    this.render();
  }

  /** The entries the list shows: all, or those the server found for the search text and those whose title has it. */
  shown() {
    const q = this.query.toLowerCase();
    if (!q) return this.sorted();
    return this.sorted().filter((c) => this.matches.has(c.id) || (c.title || '').toLowerCase().includes(q));
  }

  sorted() {
    return [...this.items.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  row(id) {
    return [...this.list.children].find((li) => li.dataset.id === id) ?? null;
  }

  // ---- renaming in place -------------------------------------------------------------------------------

  startRename(id) {
    if (!this.items.has(id) || this.busy.has(id)) return;
    if (this.editing) this.finishRename(true);
    this.editing = id;
    this.draw();
    this.editor?.focus();
    this.editor?.select();
  }

  /** Ends the edit; with `commit`, a changed non-blank title goes to onRename (a blank one changes nothing). */
  finishRename(commit) {
    const id = this.editing;
    const input = this.editor;
    if (!id || !input) return;
    const hadFocus = document.activeElement === input;
    const title = input.value.trim();
    // cleared first: removing the focused input fires its blur, which must not finish the edit again
    this.editing = null;
    this.editor = null;
    this.draw();
    if (hadFocus) this.row(id)?.querySelector('.conv-open')?.focus();
    if (commit && title && title !== this.title(id)) this.hooks.onRename?.(id, title);
  }

  // ---- drawing ----------------------------------------------------------------------------------------

  render() {
    if (this.editing) {
      // redrawing would take the input (and what is typed in it) away from the user
      return;
    }
    this.draw();
  }

  /**
   * Rows whose content did not change are kept, and kept in place when their order did not change: a focused
   * entry keeps the keyboard focus, and a click that began on one (while a rename's blur redraws) still lands.
   */
  draw() {
    // a rebuilt or moved row takes the keyboard focus with it: noted here, given back below
    const focused = this.list.contains(document.activeElement) ? document.activeElement : null;
    const focusedId = focused?.closest('li')?.dataset.id;
    const focusedPart = focused?.dataset.action ?? 'open';
    const rows = new Map();
    const shown = this.shown();
    if (this.more) this.more.hidden = !this.next;
    if (this.empty) {
      this.empty.hidden = !(this.query && shown.length === 0);
      this.empty.textContent = !this.query ? '' : this.searching ? 'Searching titles and messages…'
        : `No conversations contain “${this.query}”.`;
    }
    for (const c of shown) {
      const snippet = this.query ? this.matches.get(c.id)?.snippet ?? null : null;
      const key = JSON.stringify([c.title, c.id === this.current, this.busy.has(c.id), c.id === this.editing, snippet,
        snippet === null ? '' : this.query]);
      let row = this.rows.get(c.id);
      if (!row || row.key !== key || c.id === this.editing) {
        row = { key, li: c.id === this.editing ? this.editRow(c) : this.entryRow(c) };
      }
      rows.set(c.id, row);
    }
    const keep = new Set([...rows.values()].map((r) => r.li));
    for (const li of [...this.list.children]) if (!keep.has(li)) li.remove();
    let cursor = this.list.firstChild;
    for (const { li } of rows.values()) {
      if (li === cursor) cursor = cursor.nextSibling;
      else this.list.insertBefore(li, cursor);
    }
    this.rows = rows;
    const li = focusedId !== undefined ? rows.get(focusedId)?.li : null;
    const again = focusedPart === 'open' ? li?.querySelector('.conv-open') : li?.querySelector(`[data-action="${focusedPart}"]`);
    if (again && document.activeElement !== again) again.focus();
  }

  entryRow(c) {
    return drawEntry(c, {
      current: c.id === this.current,
      busy: () => this.busy.has(c.id),
      query: this.query,
      snippet: this.query ? this.matches.get(c.id)?.snippet : null,
    }, {
      // a result found through a message opens at that message
      onOpen: () => this.hooks.onSelect?.(c.id, this.query ? this.matches.get(c.id)?.messageId ?? null : null),
      onRename: () => this.startRename(c.id),
      onDelete: () => this.hooks.onDelete?.(c.id),
    });
  }

  editRow(c) {
    const { li, input } = drawEditor(c, {
      onSave: () => this.finishRename(true),
      onCancel: () => this.finishRename(false),
    });
    // clicking elsewhere keeps what was typed, as in other chat apps
    input.addEventListener('blur', () => { if (this.editor === input) this.finishRename(true); });
    this.editor = input;
    return li;
  }
}
