// Markdown to safe HTML: marked parses, DOMPurify sanitises (a reply is untrusted text: it may quote web
// pages or files). Both come from WebJars (see the import map in index.html). If they cannot be loaded the
// text is shown as plain text, never as unsanitised HTML.

let lib = null;

export const ready = Promise.all([import('marked'), import('dompurify')])
  .then(([markedModule, purifyModule]) => {
    const marked = markedModule.marked;
    const DOMPurify = purifyModule.default;
    marked.setOptions({ gfm: true, breaks: false });
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.getAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    lib = { marked, DOMPurify };
    return true;
  })
  .catch((e) => {
    console.error('tether: Markdown libraries did not load; showing plain text', e);
    return false;
  });

/** Renders `text` into `el` (replacing its content). */
export function renderMarkdown(el, text) {
  if (!lib) {
    el.classList.add('plain');
    el.textContent = text;
    return;
  }
  el.classList.remove('plain');
  const html = lib.marked.parse(text, { async: false });
  el.innerHTML = lib.DOMPurify.sanitize(html);
}
