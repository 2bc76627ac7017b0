// The conversation list: what GET /api/conversations returns, plus conversations this browser created (kept
// in localStorage, so the list is useful even when the REST API is unreachable), most recent first.

const KEY = 'tether.known';
const MAX_KNOWN = 50;

export class Sidebar {
  constructor(list, errorEl, api, onSelect) {
    this.list = list;
    this.errorEl = errorEl;
    this.api = api;
    this.onSelect = onSelect;
    this.items = new Map(); // id -> {id, title, updatedAt}
    this.current = null;
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
    const known = this.sorted().slice(0, MAX_KNOWN);
    try { localStorage.setItem(KEY, JSON.stringify(known)); } catch { /* full or disabled: the list is a convenience */ }
  }

  async refresh() {
    try {
      const page = await this.api.conversations();
      for (const c of page.items ?? []) {
        this.items.set(c.id, { id: c.id, title: c.title, updatedAt: Date.parse(c.updatedAt) || c.updatedAt || 0 });
      }
      this.errorEl.hidden = true;
      this.saveKnown();
    } catch (e) {
      this.errorEl.hidden = false;
      this.errorEl.textContent = `Conversations could not be loaded: ${e.message}`;
    }
    this.render();
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

  forget(id) {
    if (this.items.delete(id)) {
      this.saveKnown();
      this.render();
    }
  }

  title(id) {
    return this.items.get(id)?.title ?? null;
  }

  setCurrent(id) {
    this.current = id;
    this.render();
  }

  sorted() {
    return [...this.items.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  render() {
    const rows = this.sorted().map((c) => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = c.title || 'Untitled';
      b.title = c.title || '';
      b.dataset.conversation = c.id;
      if (c.id === this.current) b.setAttribute('aria-current', 'true');
      b.addEventListener('click', () => this.onSelect(c.id));
      li.append(b);
      return li;
    });
    this.list.replaceChildren(...rows);
  }
}
