// The message box: it grows with what is typed (up to 220 px), Enter sends and Shift+Enter starts a new line
// (an Enter that ends an IME composition does neither), and a sent text leaves the box empty.

export class Composer {
  /** @param onSend(text) gets each text submitted that is not blank */
  constructor(form, input, onSend) {
    this.input = input;
    input.addEventListener('input', () => this.autosize());
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = input.value;
      if (!text.trim()) return;
      input.value = '';
      this.autosize();
      onSend(text);
      input.focus();
    });
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 220)}px`;
  }
}
