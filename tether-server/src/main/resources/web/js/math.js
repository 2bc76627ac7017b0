// TeX math in replies, typeset by KaTeX (the `org.webjars.npm:katex` WebJar). Models write math the way LaTeX and
// Pandoc do: $...$ and \(...\) inline, $$...$$ and \[...\] displayed. A marked extension turns each into a
// placeholder holding the TeX as text (so it reads as TeX until KaTeX is there, and if it never loads); after
// DOMPurify, `typesetMath` replaces placeholders with KaTeX's output, itself sanitised again. KaTeX (600 KB) and its
// stylesheet are fetched the first time a reply has math.
//
// Which dollars are math follows Pandoc: the opening $ must have a non-space character right after it, the
// closing $ a non-space character right before it and no digit right after it, so "$20,000 and $30,000" stays
// text. \$ is a literal dollar. Code spans and code blocks are never math, and $...$ holds no backtick (so a
// price before a code span cannot pair with a dollar inside it).

import { LazyLibrary } from './lazy.js';

const BASE = '/webjars/katex/0.18.11/dist/';
const OPTIONS = {
  throwOnError: false, // a mistake shows as its TeX, in --danger, with the error in a tooltip
  errorColor: 'var(--danger)',
  trust: false, // no \href, \url, \includegraphics or \html* commands: a reply is untrusted text
  strict: 'ignore',
  maxSize: 50,
  maxExpand: 1000,
  output: 'htmlAndMathml', // MathML for screen readers, HTML for the eye
};

const library = new LazyLibrary(() => {
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = `${BASE}katex.min.css`;
  document.head.append(css);
  // KaTeX's copy-tex: copying a selection that holds math copies its TeX ($...$), not the typeset glyphs
  import(`${BASE}contrib/copy-tex.mjs`).catch((e) => console.warn('tether: copy-tex did not load', e));
  return import(`${BASE}katex.mjs`).then((module) => module.default);
}, 'KaTeX did not load; math stays as TeX');

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A placeholder for `tex` (a div for a block of its own, else a span): its TeX as text, the source in data-tex. */
const placeholder = (tex, display, shown, block) => {
  const tag = block ? 'div' : 'span';
  return `<${tag} class="math ${display ? 'math-display' : 'math-inline'}" data-tex="${escapeHtml(tex)}">`
    + `${escapeHtml(shown)}</${tag}>${block ? '\n' : ''}`;
};

// $$...$$ or \[...\] alone on their lines (they may span lines, not blank ones)
const BLOCK = /^ {0,3}(\$\$|\\\[)[ \t]*\n?((?:(?!\n[ \t]*\n)[\s\S])+?)\n?[ \t]*(\$\$|\\\])[ \t]*(?:\n|$)/;
// $$...$$ inside a line, \(...\), \[...\], and Pandoc's $...$
const INLINE = [
  { re: /^\$\$((?:(?!\n[ \t]*\n)[^$])+?)\$\$/, display: true },
  { re: /^\\\[((?:(?!\n[ \t]*\n)[\s\S])+?)\\\]/, display: true },
  { re: /^\\\(((?:(?!\n[ \t]*\n)[\s\S])+?)\\\)/, display: false },
  { re: /^\$(?![\s$])((?:\\\$|[^$\n`]|\n(?![ \t]*\n))*?[^\s\\`])\$(?!\d)/, display: false },
  { re: /^\$([^\s$\\`])\$(?!\d)/, display: false },
];

/** The marked extension that finds math (`marked.use({ extensions: mathExtensions })`). */
export const mathExtensions = [
  {
    name: 'mathBlock',
    level: 'block',
    start: (src) => src.match(/(?:^|\n) {0,3}(?:\$\$|\\\[)/)?.index,
    tokenizer(src) {
      const m = BLOCK.exec(src);
      if (!m || (m[1] === '$$') !== (m[3] === '$$')) return undefined;
      return { type: 'mathBlock', raw: m[0], tex: m[2].trim() };
    },
    renderer: (token) => placeholder(token.tex, true, token.raw.trim(), true),
  },
  {
    name: 'mathInline',
    level: 'inline',
    start: (src) => src.match(/\$|\\[([]/)?.index,
    tokenizer(src) {
      for (const { re, display } of INLINE) {
        const m = re.exec(src);
        if (m) return { type: 'mathInline', raw: m[0], tex: m[1].trim(), display };
      }
      return undefined;
    },
    renderer: (token) => placeholder(token.tex, token.display, token.raw, false),
  },
];

/**
 * Typesets the math placeholders in `root` (sanitised Markdown). `sanitise(html)` turns KaTeX's HTML into DOM
 * nodes the way the rest of the reply was cleaned. Until KaTeX has loaded the TeX stays as text.
 */
export function typesetMath(root, sanitise) {
  for (const el of root.querySelectorAll('.math[data-tex]')) {
    library.use(el, (katex) => {
      const html = katex.renderToString(el.dataset.tex, { ...OPTIONS, displayMode: el.classList.contains('math-display') });
      el.replaceChildren(sanitise(html));
      el.classList.add('typeset');
    });
  }
}
