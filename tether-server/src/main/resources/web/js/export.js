// Exporting the shown conversation as a Markdown or JSON file (GET /api/conversations/{id}/export). A plain
// <a href download> cannot send the Authorization header, so the file is fetched, held as a Blob, and saved
// through an object URL.

const EXTENSIONS = { markdown: 'md', json: 'json' };

/** A file name as a file name can be: no folders (a title may hold "/"), no control characters. */
export function safeFilename(name) {
  // eslint-disable-next-line no-control-regex
  const clean = String(name ?? '').replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim();
  return clean && clean !== '.' && clean !== '..' ? clean : null;
}

function decodeExtValue(charset, value) {
  try {
    switch (charset.toLowerCase()) {
      case 'utf-8': return decodeURIComponent(value);
      // RFC 8187 allows ISO-8859-1 too: each %XX is one character
      case 'iso-8859-1': return value.replace(/%([0-9a-f]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
      default: return null;
    }
  } catch {
    return null; // malformed percent-encoding
  }
}

/**
 * The file name a Content-Disposition header gives, or null. RFC 6266: `filename*` (RFC 8187,
 * `UTF-8''percent-encoded`) wins over `filename`, which can only carry ASCII safely; a `filename*` that cannot
 * be decoded is ignored.
 */
export function filenameFromDisposition(header) {
  if (!header) return null;
  const params = new Map();
  // `; name=value`, the value a token or a quoted string (which may hold ";" and backslash escapes)
  const param = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (let m; (m = param.exec(header));) {
    const name = m[1].toLowerCase();
    let value = m[2].trim();
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!params.has(name)) params.set(name, value);
  }
  const extended = /^([^']*)'[^']*'(.*)$/.exec(params.get('filename*') ?? '');
  const decoded = extended ? safeFilename(decodeExtValue(extended[1], extended[2])) : null;
  return decoded ?? safeFilename(params.get('filename'));
}

/** Saves `blob` as a download named `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // not revoked at once: the browser may still be reading the blob after click() returns
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The header's Export control: a button that opens a small menu of formats (a disclosure, not an ARIA menu:
 * two plain buttons, reached with Tab; Escape or a click elsewhere closes it).
 * @param hooks {conversation() (the shown id, or null for none or a draft), title(id), onNotice(message)}
 */
export class ExportControl {
  constructor(root, api, hooks) {
    this.root = root;
    this.api = api;
    this.hooks = hooks;
    this.button = root.querySelector('#export-button');
    this.menu = root.querySelector('#export-menu');
    this.busy = false;
    this.button.addEventListener('click', () => this.toggle());
    for (const item of this.menu.querySelectorAll('button[data-format]')) {
      item.addEventListener('click', () => {
        this.toggle(false);
        this.button.focus();
        this.run(item.dataset.format);
      });
    }
    root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.menu.hidden) {
        e.preventDefault();
        this.toggle(false);
        this.button.focus();
      }
    });
    // Tab out of the control, or a click elsewhere, closes the menu. Only a focus that went somewhere counts:
    // Safari does not focus a clicked button, so a click on a format would otherwise close the menu under it.
    root.addEventListener('focusout', (e) => { if (e.relatedTarget && !root.contains(e.relatedTarget)) this.toggle(false); });
    document.addEventListener('click', (e) => { if (!root.contains(e.target)) this.toggle(false); });
  }

  /** Shows the control only for a real conversation (a draft has nothing on the server to export). */
  update() {
    const hidden = !this.hooks.conversation();
    if (this.root.hidden !== hidden) {
      this.root.hidden = hidden;
      this.toggle(false);
    }
  }

  toggle(open = this.menu.hidden) {
    if (open === !this.menu.hidden) return;
    this.menu.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (open) this.menu.querySelector('button')?.focus();
  }

  async run(format) {
    const id = this.hooks.conversation();
    if (!id || this.busy) return;
    this.busy = true;
    this.button.setAttribute('aria-busy', 'true');
    try {
      const { blob, disposition } = await this.api.exportConversation(id, format);
      const name = filenameFromDisposition(disposition)
        ?? `${safeFilename(this.hooks.title(id)) ?? 'conversation'}.${EXTENSIONS[format]}`;
      saveBlob(blob, name);
    } catch (e) {
      const why = e.status === 404 ? 'the conversation does not exist any more.' : e.message;
      this.hooks.onNotice(`The conversation could not be exported: ${why}`);
    } finally {
      this.busy = false;
      this.button.removeAttribute('aria-busy');
    }
  }
}
