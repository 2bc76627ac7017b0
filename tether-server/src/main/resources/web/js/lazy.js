// A library fetched the first time the page needs it (highlight.js, KaTeX). Work asked for before it has loaded
// waits, and runs once it is there on the elements still on the page (a streamed block redrawn meanwhile was
// replaced, and its replacement asked again); if it cannot be loaded, waiting work is dropped and later requests
// are refused at once, so the page goes on without it.

export class LazyLibrary {
  /**
   * @param load () => Promise of the library (rejected, or resolved to null, when it cannot be had)
   * @param whenMissing what the console is told if it cannot be had
   */
  constructor(load, whenMissing) {
    this.loadIt = load;
    this.whenMissing = whenMissing;
    this.lib = null;
    this.loading = null;
    this.failed = false;
    this.waiting = new Map(); // element -> work(lib)
  }

  /** Runs `work(lib)` on `el` now if the library is here, else once it has loaded, if `el` is still shown. */
  use(el, work) {
    if (this.failed) return;
    if (this.lib) {
      work(this.lib);
      return;
    }
    this.waiting.set(el, work);
    this.loading ??= Promise.resolve().then(this.loadIt).then((lib) => {
      if (!lib) throw new Error('not found');
      this.lib = lib;
      for (const [waiter, job] of this.waiting) if (waiter.isConnected) job(lib);
    }).catch((e) => {
      console.warn(`tether: ${this.whenMissing}`, e);
      this.failed = true;
    }).finally(() => this.waiting.clear());
  }

  /** Whether it could not be loaded (work is then never run). */
  get unavailable() {
    return this.failed;
  }
}
