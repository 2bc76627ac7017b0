// Attaching files: each goes into the user's own workspace (POST /api/me/files, under uploads/) and the message
// being written gets a line naming it, so the assistant can read it with its file tools. Files come from the
// Attach button, from dropping them on the composer, or from pasting them into it.

const size = (bytes) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB`
  : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export class Attachments {
  /**
   * @param elements {button, picker (input type=file), composer (the form), input (its textarea)}
   * @param api the REST client; onNotice(message) shows a failure
   */
  constructor(elements, api, onNotice) {
    this.el = elements;
    this.api = api;
    this.onNotice = onNotice;
    const { button, picker, composer, input } = elements;
    button.addEventListener('click', () => picker.click());
    picker.addEventListener('change', () => {
      this.add([...picker.files]);
      picker.value = ''; // the same file can be picked again
    });
    composer.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types?.includes('Files')) e.preventDefault(); // allows the drop
    });
    composer.addEventListener('drop', (e) => {
      if (!e.dataTransfer?.files?.length) return;
      e.preventDefault();
      this.add([...e.dataTransfer.files]);
    });
    input.addEventListener('paste', (e) => {
      if (!e.clipboardData?.files?.length) return;
      e.preventDefault();
      this.add([...e.clipboardData.files]);
    });
  }

  /** Uploads `files` one by one; each stored one adds its line to the message. */
  async add(files) {
    const { button, input } = this.el;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      for (const file of files) {
        try {
          const stored = await this.api.upload(file);
          const line = `Attached file: ${stored.path} (${size(stored.bytes)})`;
          input.value = input.value && !input.value.endsWith('\n') ? `${input.value}\n${line}` : `${input.value}${line}`;
          input.dispatchEvent(new Event('input')); // the composer grows to fit
        } catch (e) {
          this.onNotice(`Could not attach ${file.name}: ${e.message}`);
        }
      }
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      input.focus();
    }
  }
}
