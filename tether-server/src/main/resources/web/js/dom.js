// Small DOM helpers the conversation view uses: making elements, keeping the keyboard focus across a redraw,
// message times, and JSON shown readably.

export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Runs `render`, which may replace what `root` holds; if a button in it (matching `selector`) had the keyboard
 * focus, the button in the same place afterwards gets it back. A streaming reply is rendered many times a
 * second: without this, a keyboard user on the Copy button of the code block being written would be thrown
 * back to the start of the page.
 */
export function keepingFocus(root, selector, render) {
  const before = root.contains(document.activeElement) ? [...root.querySelectorAll(selector)].indexOf(document.activeElement) : -1;
  render();
  if (before >= 0) root.querySelectorAll(selector)[before]?.focus({ preventScroll: true });
}

/**
 * When a message was sent or a reply started, as a `<time>`: the time of day (with the date unless it is today),
 * the full date and time on hover. Null without a time.
 */
export function timeEl(at) {
  if (!at) return null;
  const d = new Date(at);
  const t = el('time', 'when');
  t.dateTime = d.toISOString();
  const clock = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  t.textContent = d.toDateString() === new Date().toDateString() ? clock
    : `${d.toLocaleDateString([], { month: 'short', day: 'numeric', year: 'numeric' })}, ${clock}`;
  t.title = d.toLocaleString([], { dateStyle: 'full', timeStyle: 'medium' });
  return t;
}

export function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text ?? '';
  }
}
