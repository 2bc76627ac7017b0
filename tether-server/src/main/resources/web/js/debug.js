// The raw-event panel: every frame in and out, newest last. Off by default (turn on with ?debug=1 or
// Alt+Shift+D). While off, the connection has no debug hook: no frame is copied and no DOM is touched.

const MAX = 300;

export class DebugPanel {
  constructor(connection, host) {
    this.connection = connection;
    this.host = host;
    this.frames = [];
    this.panel = null;
    this.frame = 0;
  }

  get on() { return this.panel !== null; }

  toggle(on = !this.on) {
    if (on === this.on) return;
    if (!on) {
      this.connection.debug = null;
      this.frames = [];
      this.panel.remove();
      this.panel = null;
      return;
    }
    this.panel = document.createElement('aside');
    this.panel.id = 'debug';
    this.panel.setAttribute('aria-label', 'Raw protocol frames');
    const head = document.createElement('div');
    head.className = 'debug-head';
    head.textContent = 'Frames (Alt+Shift+D to hide)';
    this.list = document.createElement('pre');
    this.panel.append(head, this.list);
    this.host.append(this.panel);
    this.connection.debug = (direction, frame) => {
      this.frames.push(`${new Date().toISOString().slice(11, 23)} ${direction === 'in' ? '←' : '→'} ${JSON.stringify(frame)}`);
      if (this.frames.length > MAX) this.frames.splice(0, this.frames.length - MAX);
      if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
    };
  }

  render() {
    this.frame = 0;
    if (!this.panel) return;
    const stick = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 30;
    this.list.textContent = this.frames.join('\n');
    if (stick) this.list.scrollTop = this.list.scrollHeight;
  }
}
