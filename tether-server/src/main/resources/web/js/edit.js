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

/**
 * The view's Edit button and inline editor: one button, under the last question while `model.editable` names it,
 * and at most one editor open (`editing`), which the question's node shows instead of its bubble (`node.editor`).
 */
export class EditControl {
  /** @param view the ConversationView: its model, nodes, update(item) and hooks.onEdit(item, text) */
  constructor(view) {
    this.view = view;
    this.editing = null; // the question whose editor is open
    this.editEl = null;
  }

  /**
   * One Edit button, under the last question when the user may edit it (`model.editable`: its reply has ended and
   * nothing waits); an open editor closes, unchanged, when its question stops being editable (another tab sent).
   */
  place() {
    const target = this.view.model?.editable ?? null;
    if (this.editing && target && this.editing !== target && this.editing.id === target.id) this.move(target);
    if (this.editing && this.editing !== target) this.close();
    const node = target && !this.editing ? this.view.nodes.get(target.key) : null;
    if (!node?.actionsEl) {
      this.editEl?.remove();
      return;
    }
    this.editEl ??= editButton((item) => this.open(item));
    this.editEl.item = target;
    if (this.editEl.parentNode !== node.actionsEl) node.actionsEl.append(this.editEl);
  }

  open(item) {
    const node = this.view.nodes.get(item?.key);
    if (!node || this.view.model?.editable !== item) return;
    this.editing = item;
    this.editEl?.remove();
    node.editor = editForm(item, {
      onSave: (text) => {
        this.close();
        this.view.hooks.onEdit?.(item, text);
      },
      onCancel: () => {
        this.close();
        this.editEl?.focus();
      },
    });
    node.renderedRev = -1;
    this.view.update(item);
    node.editor.focus();
  }

  /** A snapshot rebuilt the items: the open editor, with what was typed, moves to the same question's new item. */
  move(target) {
    const from = this.view.nodes.get(this.editing.key);
    const to = this.view.nodes.get(target.key);
    const editor = from?.editor;
    if (!editor || !to) return;
    const focused = editor.contains(document.activeElement);
    from.editor = null;
    to.editor = editor;
    this.editing = target;
    to.renderedRev = -1;
    this.view.update(target);
    if (focused) editor.focus();
  }

  close() {
    const item = this.editing;
    this.editing = null;
    const node = item && this.view.nodes.get(item.key);
    if (!node) return;
    node.editor = null;
    node.renderedRev = -1;
    this.view.update(item);
    this.place();
  }
}
