// Editing the conversation's last question in place: an Edit button under it (when its reply has ended and nothing
// waits), and the inline editor it opens. Enter or Save sends the edited text as a new question that replaces it
// (through the outbox, like any message); Shift+Enter starts a new line; Escape or Cancel leaves it unchanged.

function button(className, text, label) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  if (label) b.setAttribute('aria-label', label);
  return b;
}

/** The Edit button of a question; `onEdit(item)` opens the editor for the item it is placed under (`b.item`). */
export function editButton(onEdit) {
  const b = button('copy edit', 'Edit', 'Edit this question and ask again');
  b.title = 'Edit this question and ask again';
  b.addEventListener('click', () => onEdit(b.item));
  return b;
}

/**
 * The inline editor for question `item`, holding its text. `onSave(text)` gets a text that is not blank;
 * `onCancel()` closes it unchanged. The textarea takes the focus when the form is put on the page (`focus()`).
 */
export function editForm(item, { onSave, onCancel }) {
  const form = document.createElement('form');
  form.className = 'edit-form';
  const input = document.createElement('textarea');
  input.value = item.text;
  input.rows = Math.min(10, Math.max(2, item.text.split('\n').length));
  input.setAttribute('aria-label', 'Edit your question');
  const save = button('edit-save', 'Save and ask again');
  save.type = 'submit';
  const cancel = button('edit-cancel', 'Cancel');
  const row = document.createElement('div');
  row.className = 'edit-buttons';
  row.append(cancel, save);
  form.append(input, row);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim()) onSave(input.value);
  });
  cancel.addEventListener('click', () => onCancel());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    } else if (e.key === 'Escape') {
      e.preventDefault(); // the page's Escape (stop the reply) is not for this
      e.stopPropagation();
      onCancel();
    }
  });
  form.focus = () => {
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  };
  return form;
}
