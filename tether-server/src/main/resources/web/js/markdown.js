// Markdown to safe HTML: marked parses, DOMPurify sanitises (a reply is untrusted text: it may quote web
// pages or files), then TeX math is typeset (math.js). marked and DOMPurify come from WebJars (see the import
// map in index.html). If they cannot be loaded the text is shown as plain text, never as unsanitised HTML.

import { mathExtensions, typesetMath } from './math.js';

let lib = null;

/** KaTeX's HTML as DOM nodes, sanitised like the reply around it (its MathML keeps the TeX annotation). */
const sanitiseMath = (html) => lib.DOMPurify.sanitize(html, {
  RETURN_DOM_FRAGMENT: true, ADD_TAGS: ['semantics', 'annotation'], ADD_ATTR: ['encoding'],
});

export const ready = Promise.all([import('marked'), import('dompurify')])
  .then(([markedModule, purifyModule]) => {
    const marked = markedModule.marked;
    const DOMPurify = purifyModule.default;
    marked.setOptions({ gfm: true, breaks: false });
    marked.use({ extensions: mathExtensions });
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

/** A rendered block's identity: its sanitised HTML, before `decorate` added anything. */
const sourceOf = (node) => node.outerHTML ?? node.textContent;

/**
 * Renders `text` into `el` (replacing what it showed). `decorate(fragment)`, if given, may add controls to
 * newly rendered blocks, as DOM nodes, after sanitising.
 *
 * The top-level blocks that are the same as in the last render are kept, not rebuilt: while a reply streams,
 * only its last block changes, so a finished code block above keeps its Copy button (a click whose press and
 * release straddle a render still lands, and "Copied" stays), and text selected in it stays selected.
 */
export function renderMarkdown(el, text, decorate) {
  if (!lib) {
    el.classList.add('plain');
    el.textContent = text;
    return;
  }
  el.classList.remove('plain');
  const html = lib.marked.parse(text, { async: false });
  // sanitised straight to DOM nodes: nothing is serialised and parsed again on the way in
  const fresh = [...lib.DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true }).childNodes];
  const shown = [...el.childNodes];
  let same = 0;
  while (same < shown.length && same < fresh.length && shown[same].mdSource === sourceOf(fresh[same])) same++;
  for (const node of shown.slice(same)) node.remove();
  for (const node of fresh.slice(same)) {
    const source = sourceOf(node);
    const block = document.createDocumentFragment();
    block.append(node);
    typesetMath(block, sanitiseMath);
    decorate?.(block);
    for (const n of block.childNodes) n.mdSource = source;
    el.append(block);
  }
}
