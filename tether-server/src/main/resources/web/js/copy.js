// Copying text to the clipboard, and the Copy buttons that do it (code blocks, whole replies).
// navigator.clipboard only exists in a secure context: https, or http on localhost. Plain http on a LAN
// address (the usual way to reach a home server from a phone) is not one, so there a hidden textarea and
// document.execCommand('copy') do the job; it is deprecated but still the only way there.

const COPIED_MS = 2000;

/** Copies `text`; resolves to whether it reached the clipboard (it never rejects). */
export async function copyText(text) {
  if (globalThis.navigator?.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      // denied (a permissions policy, an unfocused document): the old way may still work
      console.warn('tether: clipboard.writeText failed, trying execCommand', e);
    }
  }
  return copyWithTextarea(text);
}

function copyWithTextarea(text) {
  const focused = document.activeElement;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', ''); // no on-screen keyboard on phones
  area.setAttribute('aria-hidden', 'true');
  area.tabIndex = -1;
  // rendered (a display:none textarea cannot be selected) but invisible, and fixed so the page does not scroll
  area.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;padding:0;border:0;opacity:0;';
  document.body.append(area);
  let ok = false;
  try {
    area.select();
    area.setSelectionRange(0, text.length); // iOS Safari ignores select()
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  } finally {
    area.remove();
    // the button keeps the keyboard focus
    if (focused instanceof HTMLElement && focused !== document.body) focused.focus({ preventScroll: true });
  }
  return ok;
}

/** Tells screen readers, through the page's polite live region, what a copy did. */
function announce(message) {
  const live = document.getElementById('copy-live');
  if (!live) return;
  // cleared first, set a moment later: the same message twice in a row must be announced twice
  live.textContent = '';
  setTimeout(() => { live.textContent = message; }, 50);
}

/**
 * A Copy button: `source()` gives the text at click time (a reply may have changed since the button was made).
 * After a copy it shows "Copied" for a moment; if the clipboard refused, `onFail(message)` tells the user.
 */
export function copyButton(className, label, source, onFail) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `copy ${className}`;
  b.textContent = 'Copy';
  b.setAttribute('aria-label', label);
  b.addEventListener('click', async () => {
    const ok = await copyText(source());
    if (ok) {
      b.textContent = 'Copied';
      b.dataset.copied = 'true';
      announce('Copied to the clipboard');
      clearTimeout(b.copiedTimer);
      b.copiedTimer = setTimeout(() => {
        b.textContent = 'Copy';
        delete b.dataset.copied;
      }, COPIED_MS);
    } else {
      announce('Copying failed');
      onFail?.('Copying failed: this browser did not allow access to the clipboard. Select the text and copy it by hand (Ctrl+C or ⌘C).');
    }
  });
  return b;
}

/** The text of a rendered code block as written: marked ends every block with a newline the source did not have. */
export function codeText(code) {
  return code.textContent.replace(/\n$/, '');
}

/**
 * Gives every code block in `root` (freshly rendered Markdown: the buttons go after sanitising, as DOM nodes,
 * never as HTML through DOMPurify) a head with its language and a Copy button. Blocks that have one already are
 * left alone, so calling it again adds nothing.
 */
export function addCodeButtons(root, onFail) {
  for (const code of root.querySelectorAll('pre > code')) {
    const pre = code.parentElement;
    if (pre.parentElement?.classList.contains('code-block')) continue;
    const block = document.createElement('div');
    block.className = 'code-block';
    const head = document.createElement('div');
    head.className = 'code-head';
    const lang = (/(?:^|\s)language-(\S+)/.exec(code.className)?.[1] ?? '').slice(0, 30);
    const name = document.createElement('span');
    name.className = 'code-lang';
    name.textContent = lang;
    head.append(name, copyButton('copy-code', lang ? `Copy ${lang} code` : 'Copy code', () => codeText(code), onFail));
    pre.tabIndex = 0; // a long line scrolls the block sideways: keyboard users must be able to reach it
    pre.replaceWith(block);
    block.append(head, pre);
  }
}
