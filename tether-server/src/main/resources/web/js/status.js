// What the page tells the user besides the messages: the connection status in the header (with the countdown to
// the next reconnect attempt and a "Reconnect now" button), and short notices in the line above the messages.

/** The header's connection status; show() takes each of the connection's 'state' events. */
export class StatusDisplay {
  /** @param elements {status, text, count (the countdown), live (for screen readers), reconnectNow} */
  constructor(connection, elements) {
    this.connection = connection;
    this.el = elements;
    this.countdown = 0;
    elements.reconnectNow.addEventListener('click', () => connection.kick());
  }

  show({ state, code, reason }) {
    const { status, text, count, live, reconnectNow } = this.el;
    status.dataset.state = state;
    status.title = code ? `Last close: ${code}${reason ? ` (${reason})` : ''}` : '';
    clearInterval(this.countdown);
    count.textContent = '';
    reconnectNow.hidden = !(state === 'reconnecting' || state === 'offline');
    const show = () => {
      switch (state) {
        case 'open': text.textContent = 'Connected'; break;
        case 'connecting': text.textContent = 'Connecting…'; break;
        case 'offline': text.textContent = 'Offline'; break;
        case 'unauthorized': text.textContent = 'Signed out'; break;
        case 'reconnecting': {
          // only the countdown changes each second, outside the live region
          const s = Math.max(0, Math.ceil((this.connection.retryAt - Date.now()) / 1000));
          text.textContent = 'Reconnecting';
          count.textContent = s > 0 ? ` in ${s} s` : '…';
          break;
        }
        default: text.textContent = state;
      }
    };
    show();
    if (state === 'reconnecting') this.countdown = setInterval(show, 1000);
    live.textContent = state === 'reconnecting' ? 'Reconnecting' : text.textContent;
  }
}

/** A notice (a failed request, a deletion) in the line above the messages, hidden again after 8 s. */
export class Notices {
  constructor(line) {
    this.line = line;
    this.timer = 0;
  }

  show(message) {
    const line = this.line;
    line.hidden = false;
    line.textContent = message;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { if (line.textContent === message) line.hidden = true; }, 8000);
  }
}
