// The WebSocket connection of docs/protocol.md v1: handshake, heartbeats, reconnect with jittered backoff,
// subscriptions with resume (epoch + last seq), exactly-once delivery of positioned events, request/answer.
//
// No DOM here: the socket class, timers, clock, randomness and "is the browser online" come in as options,
// so the logic can be driven by a fake socket and fake timers (see src/test/resources/ui/connection-spec.js).
// The page calls kick() on the browser's `online` and `visibilitychange` events.

export const PROTOCOL_VERSION = 1;

export const DEFAULTS = Object.freeze({
  baseDelayMs: 500,        // first reconnect delay, doubled per failed attempt ...
  maxDelayMs: 30_000,      // ... up to this
  stableAfterMs: 10_000,   // a connection up this long resets the backoff
  silenceGraceMs: 10_000,  // dead after heartbeatMs + this without any frame
  handshakeTimeoutMs: 10_000,
  heartbeatMs: 20_000,     // until the welcome says otherwise
});

/** The delay before reconnect attempt `attempt` (0-based): 0.5 s doubling to 30 s, times a factor in [0.5, 1]. */
export function backoffDelay(attempt, random = Math.random, opts = DEFAULTS) {
  const base = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.min(attempt, 30));
  return base * (0.5 + 0.5 * random());
}

/** Close codes after which reconnecting with the same credentials is pointless. */
const NO_RETRY = new Set([4001]);

/**
 * States: 'idle' (not started), 'connecting', 'open' (welcome received), 'reconnecting' (waiting `retryAt`),
 * 'offline' (the browser says so; waits for kick()), 'unauthorized' (close 4001, at hello or later when the token
 * is revoked, or signOut(); waits for a new token).
 *
 * Events (on(name, fn)): 'state' {state, retryAt, code, reason}; 'open' (welcome frame, after re-subscribing);
 * 'snapshot' (frame); 'event' (positioned frame, each position exactly once, in order); 'resumed' (subscribed
 * frame); 'deleted' (conversation_deleted frame, the subscription already dropped); 'conversation'
 * (conversation_updated frame: one of the user's conversations was created or renamed); 'error' (error frames that
 * answer no request; a failed subscribe's carries its `conversation`). Set `debug` to a function (direction, frame) to see raw
 * frames; while it is null nothing is copied.
 */
export class Connection {
  constructor({ url, token = () => '', WebSocket: Ws = globalThis.WebSocket, setTimeout: st = globalThis.setTimeout.bind(globalThis),
                clearTimeout: ct = globalThis.clearTimeout.bind(globalThis), now = Date.now, random = Math.random,
                online = () => true, client = 'tether-web/1', options = {} }) {
    this.url = url;
    this.token = token;
    this.Ws = Ws;
    this.st = st;
    this.ct = ct;
    this.now = now;
    this.random = random;
    this.online = online;
    this.client = client;
    this.opts = { ...DEFAULTS, ...options };
    this.debug = null;
    this.state = 'idle';
    this.ws = null;
    this.welcome = null;
    this.attempt = 0;
    this.openedAt = 0;
    this.retryAt = 0;
    this.retryTimer = null;
    this.silenceTimer = null;
    this.nextId = 1;
    this.requests = new Map();      // request id -> {resolve, reject, frame}
    this.subs = new Map();          // conversation -> {epoch, last, pendingId, awaitingSnapshot}
    this.listeners = new Map();
    this.stats = { duplicates: 0, gaps: 0, connects: 0 };
  }

  on(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
    return () => this.listeners.get(name).delete(fn);
  }

  emit(name, value) {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const fn of set) {
      try { fn(value); } catch (e) { console.error(`tether: a '${name}' listener failed`, e); }
    }
  }

  setState(state, extra = {}) {
    this.state = state;
    this.emit('state', { state, retryAt: this.retryAt, ...extra });
  }

  get isOpen() { return this.state === 'open'; }

  start() {
    if (this.state === 'idle' || this.state === 'unauthorized') this.connect();
  }

  /** Connects now if not connected or connecting: on `online`, on the page becoming visible, on a new token. */
  kick() {
    if (this.ws || this.state === 'idle') return;
    if (this.state === 'unauthorized') return;
    this.connect();
  }

  /**
   * The user signed out: closes the socket (a pending reconnect is cancelled), forgets the subscriptions and
   * stays 'unauthorized' (code 4001, reason 'signed out') until reauthenticate().
   */
  signOut() {
    this.ct(this.retryTimer);
    this.retryTimer = null;
    this.subs.clear();
    if (this.ws) this.drop(4001, 'signed out');
    else this.setState('unauthorized', { code: 4001, reason: 'signed out' });
  }

  /** After a new token: forget the 4001 and connect. */
  reauthenticate() {
    if (this.ws) this.drop(1000);
    this.attempt = 0;
    this.state = 'reconnecting';
    this.connect();
  }

  connect() {
    this.ct(this.retryTimer);
    this.retryTimer = null;
    if (this.ws) return;
    this.stats.connects++;
    this.welcome = null;
    this.setState('connecting');
    let ws;
    try {
      ws = new this.Ws(this.url);
    } catch (e) {
      this.lost(1006, String(e));
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      const hello = { type: 'hello', v: PROTOCOL_VERSION, client: this.client, listUpdates: true };
      const token = this.token();
      if (token) hello.token = token;
      this.write(hello);
    };
    ws.onmessage = (e) => { if (this.ws === ws) this.receive(e.data); };
    ws.onclose = (e) => { if (this.ws === ws) this.lost(e.code, e.reason); };
    ws.onerror = () => { /* a close event follows */ };
    this.armSilence(this.opts.handshakeTimeoutMs);
  }

  /** Closes the socket at once without waiting for the close handshake, as if the network died. */
  drop(code = 1006, reason = 'dropped by the client') {
    const ws = this.ws;
    if (!ws) return;
    try { ws.close(); } catch { /* already closing */ }
    this.lost(code, reason);
  }

  lost(code, reason) {
    const ws = this.ws;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    }
    this.ws = null;
    this.ct(this.silenceTimer);
    this.silenceTimer = null;
    if (this.openedAt && this.now() - this.openedAt >= this.opts.stableAfterMs) this.attempt = 0;
    this.openedAt = 0;
    for (const sub of this.subs.values()) {
      sub.pendingId = null;
      sub.awaitingSnapshot = false;
    }
    const pending = [...this.requests.values()];
    this.requests.clear();
    for (const r of pending) r.reject({ type: 'error', code: 'disconnected', message: 'The connection closed before an answer.', retryable: true });
    if (NO_RETRY.has(code)) {
      this.setState('unauthorized', { code, reason });
      return;
    }
    this.scheduleReconnect(code, reason);
  }

  scheduleReconnect(code, reason) {
    // 4008: too many tabs, waiting is the only thing that helps; offline: the `online` event will kick() us,
    // the timer is only a backstop in case the browser's idea of "offline" is wrong
    const slow = code === 4008 || !this.online();
    const delay = slow ? this.opts.maxDelayMs : backoffDelay(this.attempt, this.random, this.opts);
    this.attempt++;
    this.retryAt = this.now() + delay;
    this.ct(this.retryTimer);
    this.retryTimer = this.st(() => { this.retryTimer = null; this.connect(); }, delay);
    this.setState(this.online() ? 'reconnecting' : 'offline', { code, reason });
  }

  armSilence(ms) {
    this.ct(this.silenceTimer);
    this.silenceTimer = this.st(() => {
      this.silenceTimer = null;
      this.drop(4010, `no frame for ${ms} ms`);
    }, ms);
  }

  write(frame) {
    if (!this.ws) return false;
    if (this.debug) this.debug('out', frame);
    try {
      this.ws.send(JSON.stringify(frame));
      return true;
    } catch (e) {
      console.warn('tether: send failed', e);
      return false;
    }
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      console.warn('tether: the server sent a frame that is not JSON', data);
      return;
    }
    if (this.debug) this.debug('in', frame);
    this.armSilence((this.welcome?.heartbeatMs ?? this.opts.heartbeatMs) + this.opts.silenceGraceMs);
    switch (frame.type) {
      case 'welcome': return this.onWelcome(frame);
      case 'ping': this.write({ type: 'pong', t: frame.t }); return;
      case 'subscribed': return this.onSubscribed(frame);
      case 'snapshot': return this.onSnapshot(frame);
      case 'ack': return this.answer(frame, true);
      case 'error': return this.answer(frame, false);
      case 'conversation_deleted': return this.onDeleted(frame);
      case 'conversation_updated': return this.emit('conversation', frame);
      default:
        if (frame.conversation !== undefined && frame.seq !== undefined) this.onPositioned(frame);
    }
  }

  onWelcome(frame) {
    this.welcome = frame;
    this.openedAt = this.now();
    this.retryAt = 0;
    this.setState('open');
    for (const conversation of this.subs.keys()) this.sendSubscribe(conversation);
    this.emit('open', frame);
  }

  answer(frame, ok) {
    const r = frame.id !== undefined ? this.requests.get(frame.id) : undefined;
    if (!r) {
      if (!ok) this.emit('error', frame);
      return;
    }
    this.requests.delete(frame.id);
    if (ok) r.resolve(frame); else r.reject(frame);
  }

  /**
   * Sends a request (a frame without id) and returns a promise of its ack; rejected with the error frame, or
   * with {code: 'disconnected'} if the socket closes first or is not open.
   */
  request(frame) {
    const id = `r${this.nextId++}`;
    const withId = { ...frame, id };
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject({ type: 'error', code: 'disconnected', message: 'Not connected.', retryable: true });
        return;
      }
      this.requests.set(id, { resolve, reject, frame: withId });
      this.write(withId);
    });
  }

  // ---- subscriptions and positions ----------------------------------------------------------------------

  /** Watches a conversation: subscribes now if open, and again (resuming) after every reconnect. */
  subscribe(conversation) {
    if (!this.subs.has(conversation)) {
      this.subs.set(conversation, { epoch: null, last: 0, pendingId: null, awaitingSnapshot: false });
    }
    if (this.isOpen) this.sendSubscribe(conversation);
  }

  unsubscribe(conversation) {
    if (!this.subs.delete(conversation)) return;
    if (this.isOpen) this.request({ type: 'unsubscribe', conversation }).catch(() => {});
  }

  /**
   * Drops a subscription without telling the server: for a conversation that no longer exists, whose
   * subscription the server has already ended (an unsubscribe would only earn a not_found). Not re-subscribed
   * after a reconnect.
   */
  discard(conversation) {
    // the answer to a subscribe still on its way is then ignored (onSubscribed, sendSubscribe's reject)
    this.subs.delete(conversation);
  }

  /** Forgets the position, so the next subscribe gets a snapshot. */
  forget(conversation) {
    const sub = this.subs.get(conversation);
    if (sub) { sub.epoch = null; sub.last = 0; }
  }

  position(conversation) {
    const sub = this.subs.get(conversation);
    return sub ? { epoch: sub.epoch, last: sub.last } : null;
  }

  sendSubscribe(conversation) {
    const sub = this.subs.get(conversation);
    const frame = { type: 'subscribe', conversation };
    if (sub.epoch !== null) {
      frame.epoch = sub.epoch;
      frame.after = sub.last;
    }
    const id = `r${this.nextId++}`;
    sub.pendingId = id;
    sub.awaitingSnapshot = false;
    this.requests.set(id, {
      frame,
      resolve: () => {},
      reject: (err) => {
        if (this.subs.get(conversation) !== sub) return; // given up meanwhile (unsubscribed, deleted): moot
        if (sub.pendingId === id) sub.pendingId = null;
        if (err.code !== 'disconnected') this.emit('error', { ...err, conversation });
      },
    });
    this.write({ ...frame, id });
  }

  onSubscribed(frame) {
    const sub = this.subs.get(frame.conversation);
    this.requests.delete(frame.id);
    if (!sub || sub.pendingId !== frame.id) return; // an answer to a subscribe we have since replaced
    sub.pendingId = null;
    if (frame.resumed) {
      sub.epoch = frame.epoch;
      this.emit('resumed', frame);
    } else {
      sub.awaitingSnapshot = true;
    }
  }

  onSnapshot(frame) {
    const sub = this.subs.get(frame.conversation);
    if (!sub || !sub.awaitingSnapshot) return;
    sub.awaitingSnapshot = false;
    sub.epoch = frame.epoch;
    sub.last = frame.seq;
    this.emit('snapshot', frame);
  }

  /** The conversation was deleted (here or elsewhere): the server has unsubscribed this connection from it. */
  onDeleted(frame) {
    this.discard(frame.conversation);
    this.emit('deleted', frame);
  }

  onPositioned(frame) {
    const sub = this.subs.get(frame.conversation);
    // Frames that arrive while a (re-)subscribe is unanswered belong to the old stream; the answer replays
    // or snapshots from our position, so they are dropped rather than risk a partial overlap.
    if (!sub || sub.pendingId !== null || sub.awaitingSnapshot) return;
    const first = frame.firstSeq ?? frame.seq;
    if (frame.epoch !== sub.epoch) return this.gap(frame.conversation, sub);
    if (frame.seq <= sub.last) {
      this.stats.duplicates++;
      return;
    }
    if (first !== sub.last + 1) return this.gap(frame.conversation, sub);
    sub.last = frame.seq;
    this.emit('event', frame);
  }

  gap(conversation, sub) {
    this.stats.gaps++;
    if (this.isOpen && sub.pendingId === null) this.sendSubscribe(conversation);
  }
}
