// One entry of the conversation list (sidebar.js), as drawn: the button that opens the conversation (with the
// usual file-list keys: F2 renames, Delete deletes) and its small Rename and Delete buttons; or, while it is
// renamed, the title input in their place. What the keys and buttons do is the list's (hooks).

import { snippetElement } from './snippet.js';

const MAX_TITLE = 200; // what the server keeps of a title

const ICONS = {
  rename: '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M11.5 2.5l2 2L6 12H4v-2z" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round"/></svg>',
  delete: '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5M7 7v4M9 7v4" fill="none" stroke="currentColor" stroke-width="1.3" stroke-linejoin="round"/></svg>',
};

/**
 * @param c {id, title}
 * @param state {current (shown), busy() (a rename or delete request is under way: asked when drawn and again on
 *   each key or click, as the list is not redrawn while another entry is edited), query and snippet (the
 *   message the search found it by, or null)}
 * @param hooks {onOpen(), onRename(), onDelete()}
 */
export function drawEntry(c, { current, busy, query, snippet }, { onOpen, onRename, onDelete }) {
  const name = c.title || 'Untitled';
  const li = document.createElement('li');
  li.dataset.id = c.id;
  if (busy()) li.setAttribute('aria-busy', 'true');
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'conv-open';
  if (snippet) {
    b.append(Object.assign(document.createElement('span'), { className: 'conv-name', textContent: name }),
      snippetElement(snippet, query));
  } else {
    b.textContent = name;
  }
  b.title = c.title || '';
  b.dataset.conversation = c.id;
  if (current) {
    b.setAttribute('aria-current', 'true');
    li.classList.add('current');
  }
  b.addEventListener('click', () => onOpen());
  b.addEventListener('keydown', (e) => {
    // the usual file-list keys, for keyboard users who do not want to tab to the small buttons
    if (e.key === 'F2') {
      e.preventDefault();
      onRename();
    } else if (e.key === 'Delete' && !busy()) {
      e.preventDefault();
      onDelete();
    }
  });
  li.append(b, action('rename', `Rename “${name}”`, 'Rename', busy, onRename),
    action('delete', `Delete “${name}”`, 'Delete', busy, onDelete));
  return li;
}

function action(kind, label, tip, busy, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `conv-action ${kind}`;
  b.dataset.action = kind;
  b.setAttribute('aria-label', label);
  b.title = tip;
  // aria-disabled, not disabled, while a request runs: a disabled button would drop the keyboard focus
  if (busy()) b.setAttribute('aria-disabled', 'true');
  b.innerHTML = ICONS[kind];
  b.addEventListener('click', () => { if (!busy()) onClick(); });
  return b;
}

/**
 * The entry while its title is edited: Enter saves (`onSave`), Escape cancels (`onCancel`). Returns the row and
 * its input; what leaving the input does is the list's.
 */
export function drawEditor(c, { onSave, onCancel }) {
  const li = document.createElement('li');
  li.dataset.id = c.id;
  li.className = 'editing';
  const input = document.createElement('input');
  input.type = 'text';
  input.className = 'conv-title';
  input.value = c.title || '';
  input.maxLength = MAX_TITLE;
  input.spellcheck = false;
  input.setAttribute('aria-label', `New title for “${c.title || 'Untitled'}” (Enter to save, Escape to cancel)`);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      onSave();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  });
  li.append(input);
  return { li, input };
}
