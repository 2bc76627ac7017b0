// Syntax colours for the code blocks of replies: highlight.js (the `org.webjars:highlightjs` WebJar, its
// "common" build of ~40 languages) splits the code into tokens; app.css colours them (`.hljs-*`), with the
// palette checked for contrast like the rest of the page. The library is fetched only when the first block that
// names a language is shown, as a classic script (the WebJar has no ES module). Until it has loaded, and if it
// cannot be loaded, code shows uncoloured; once it is there every waiting block is coloured.
//
// Safety: it runs after DOMPurify, on a <code> element holding only text. highlight.js reads that text and writes
// it back escaped, inside <span class="hljs-..."> elements, so nothing in the code can become markup.

import { LazyLibrary } from './lazy.js';

const SCRIPT = '/webjars/highlightjs/11.11.1/highlight.min.js';
/** Longer blocks stay uncoloured (highlight.js takes ~50 ms for 100,000 characters). */
export const MAX_CODE_CHARS = 100_000;
/**
 * A block being streamed is drawn anew on every frame; one longer than this (~10 ms to colour) is coloured only
 * once it has stayed on screen for SETTLE_MS, so a long block keeps streaming smoothly and is coloured at its end.
 */
const SETTLE_CHARS = 5_000;
const SETTLE_MS = 300;

const library = new LazyLibrary(() => new Promise((resolve) => {
  const script = document.createElement('script'); // a classic script: it sets window.hljs
  script.src = SCRIPT;
  script.onload = () => resolve(window.hljs ?? null);
  script.onerror = () => resolve(null);
  document.head.append(script);
}), `${SCRIPT} did not load; code blocks stay uncoloured`);

/** The language a block names (marked writes ```js as class "language-js"), or ''. */
const languageOf = (code) => /(?:^|\s)language-(\S+)/.exec(code.className)?.[1] ?? '';

/** Colours every code block in `root` that names a language highlight.js knows; the others are left alone. */
export function highlightCode(root) {
  for (const code of root.querySelectorAll('pre > code')) {
    const length = code.textContent.length;
    if (library.unavailable || !languageOf(code) || length > MAX_CODE_CHARS) continue;
    library.use(code, (hljs) => {
      if (length <= SETTLE_CHARS) colour(hljs, code);
      else setTimeout(() => { if (code.isConnected) colour(hljs, code); }, SETTLE_MS);
    });
  }
}

function colour(hljs, code) {
  const language = languageOf(code);
  if (!hljs.getLanguage(language)) return; // an unknown name: plain text, not a guess
  const { value } = hljs.highlight(code.textContent, { language, ignoreIllegals: true });
  code.innerHTML = value; // highlight.js escapes the code; only its <span class> tokens are markup
  code.classList.add('hljs');
}
