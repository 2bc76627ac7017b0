// "What Tether knows about you": the signed-in user's own USER.md (what every reply of theirs is told about
// them) and MEMORY.md (what older turns were summarised into), through /api/me. Opened from the sidebar.

export class ProfileDialog {
  /**
   * @param elements {open (the sidebar button), dialog, form, about (textarea), memory (pre), status, forget,
   *                  close}
   * @param api the REST client
   */
  constructor(elements, api) {
    this.el = elements;
    this.api = api;
    const { open, dialog, form, forget, close } = elements;
    open.addEventListener('click', () => this.show());
    close.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    forget.addEventListener('click', () => this.forget());
  }

  async show() {
    const { dialog, about, memory, forget } = this.el;
    this.say('Loading…');
    about.value = '';
    memory.textContent = '';
    about.disabled = forget.disabled = true;
    if (!dialog.open) dialog.showModal();
    try {
      this.fill(await this.api.call('GET', '/me'));
      this.say('');
      about.disabled = false;
      about.focus();
    } catch (e) {
      this.say(`Could not load what Tether knows about you: ${e.message}`, true);
    }
  }

  async save() {
    const { about } = this.el;
    this.say('Saving…');
    try {
      this.fill(await this.api.call('PATCH', '/me', {}, { about: about.value }));
      this.say('Saved. Your next messages use it.');
    } catch (e) {
      this.say(`Not saved: ${e.message}`, true);
    }
  }

  async forget() {
    if (!confirm('Forget everything Tether has summarised into your memory? This cannot be undone.')) return;
    this.say('Forgetting…');
    try {
      await this.api.call('DELETE', '/me/memory');
      this.fill(await this.api.call('GET', '/me'));
      this.say('Your memory is empty now.');
    } catch (e) {
      this.say(`Not forgotten: ${e.message}`, true);
    }
  }

  fill(me) {
    const { about, memory, forget } = this.el;
    about.value = me.about ?? '';
    memory.textContent = me.memory ?? '';
    forget.disabled = false;
  }

  say(text, error = false) {
    const { status } = this.el;
    status.textContent = text;
    status.classList.toggle('error', error);
  }
}
