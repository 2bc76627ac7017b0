// Unit tests of the UI's protocol logic (connection.js, outbox.js, conversation.js) and of the pure helpers of
// copy.js and export.js, run inside Chromium by ClientLogicBrowserTest with a fake WebSocket and fake timers.
// Evaluated as one async function; returns [{name, ok, error}].
async () => {
  const { Connection, backoffDelay } = await import('/js/connection.js');
  const { Outbox, Sender } = await import('/js/outbox.js');
  const { ConversationModel, itemsFromMessages, replySource } = await import('/js/conversation.js');
  const { inflightParts, thinkingGoesOn } = await import('/js/items.js');
  const { filenameFromDisposition, safeFilename } = await import('/js/export.js');
  const { codeText } = await import('/js/copy.js');

  const results = [];
  const test = async (name, fn) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, error: String(e && e.stack || e) });
    }
  };
  const eq = (actual, expected, what = '') => {
    const a = JSON.stringify(actual);
    const b = JSON.stringify(expected);
    if (a !== b) throw new Error(`${what} expected ${b} but was ${a}`);
  };
  const ok = (cond, what) => { if (!cond) throw new Error(`expected: ${what}`); };
  const tick = () => new Promise((r) => setTimeout(r, 0));

  function clock() {
    let now = 1_000_000;
    let ids = 0;
    const timers = new Map();
    return {
      now: () => now,
      setTimeout: (fn, ms) => { timers.set(++ids, { at: now + ms, fn }); return ids; },
      clearTimeout: (id) => timers.delete(id),
      pending: () => [...timers.values()].map((t) => t.at - now).sort((a, b) => a - b),
      advance(ms) {
        const end = now + ms;
        for (;;) {
          let next = null;
          for (const [id, t] of timers) if (t.at <= end && (!next || t.at < next[1].at)) next = [id, t];
          if (!next) break;
          timers.delete(next[0]);
          now = next[1].at;
          next[1].fn();
        }
        now = end;
      },
    };
  }

  function setup({ token = '', online = true, random = () => 0.5 } = {}) {
    const sockets = [];
    class FakeSocket {
      constructor(url) { this.url = url; this.sent = []; this.closed = false; sockets.push(this); }
      send(data) { this.sent.push(JSON.parse(data)); }
      close() { this.closed = true; }
      open() { this.onopen?.(); }
      recv(frame) { this.onmessage?.({ data: JSON.stringify(frame) }); }
      serverClose(code) { this.onclose?.({ code, reason: 'test' }); }
      last(type) { return this.sent.filter((f) => f.type === type).at(-1); }
      all(type) { return this.sent.filter((f) => f.type === type); }
    }
    const c = clock();
    const state = { online };
    const conn = new Connection({ url: 'ws://test/ws', token: () => token, WebSocket: FakeSocket, setTimeout: c.setTimeout,
      clearTimeout: c.clearTimeout, now: c.now, random, online: () => state.online });
    const events = [];
    const snapshots = [];
    conn.on('event', (f) => events.push(f));
    conn.on('snapshot', (f) => snapshots.push(f));
    const sock = () => sockets.at(-1);
    const connect = () => {
      conn.start();
      sock().open();
      sock().recv({ type: 'welcome', v: 1, session: 's', user: 'u', heartbeatMs: 20000, deadAfterMs: 30000 });
    };
    const reconnect = () => {
      const before = sockets.length;
      for (let i = 0; i < 400 && sockets.length === before; i++) c.advance(100);
      sock().open();
      sock().recv({ type: 'welcome', v: 1, session: 's2', user: 'u', heartbeatMs: 20000, deadAfterMs: 30000 });
    };
    const ev = (seq, extra = {}) => ({ type: 'delta', conversation: 'c1', epoch: 'e1', seq, text: `[${seq}]`, ...extra });
    const subscribeAndSnapshot = (seq = 0) => {
      conn.subscribe('c1');
      const s = sock().last('subscribe');
      sock().recv({ type: 'subscribed', id: s.id, conversation: 'c1', epoch: 'e1', resumed: false, reason: 'new' });
      sock().recv({ type: 'snapshot', conversation: 'c1', epoch: 'e1', seq, messages: [], inflight: null, queued: 0 });
    };
    return { conn, c, sockets, sock, events, snapshots, connect, reconnect, ev, subscribeAndSnapshot, state };
  }

  await test('the first frame is hello, without a token when there is none', () => {
    const t = setup();
    t.conn.start();
    t.sock().open();
    eq(t.sock().sent, [{ type: 'hello', v: 1, client: 'tether-web/1', listUpdates: true }]);
    eq(t.conn.state, 'connecting');
    t.sock().recv({ type: 'welcome', v: 1, heartbeatMs: 20000 });
    eq(t.conn.state, 'open');
  });

  await test('hello carries the token when there is one', () => {
    const t = setup({ token: 'tth_x' });
    t.conn.start();
    t.sock().open();
    eq(t.sock().sent[0].token, 'tth_x');
  });

  await test('every ping is answered with a pong carrying the same t', () => {
    const t = setup();
    t.connect();
    t.sock().recv({ type: 'ping', t: 1234 });
    eq(t.sock().last('pong'), { type: 'pong', t: 1234 });
  });

  await test('silence for heartbeatMs + 10 s closes the socket and reconnects; any frame resets the clock', () => {
    const t = setup();
    t.connect();
    t.c.advance(29_000);
    t.sock().recv({ type: 'ping', t: 1 });
    t.c.advance(29_000);
    eq(t.sock().closed, false, 'closed after a ping reset the clock');
    t.c.advance(1_001);
    eq(t.sockets[0].closed, true, 'closed after 30 s of silence');
    eq(t.conn.state, 'reconnecting');
  });

  await test('backoff is 0.5 s doubling to 30 s, times a factor in [0.5, 1]', () => {
    eq([0, 1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, () => 1)), [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    eq([0, 1, 6].map((n) => backoffDelay(n, () => 0)), [250, 500, 15000]);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(3, Math.random);
      ok(d >= 2000 && d <= 4000, `2000 <= ${d} <= 4000`);
    }
  });

  await test('failed attempts wait longer and longer; a connection up 10 s resets the backoff', () => {
    const t = setup({ random: () => 1 });
    t.conn.start();
    const waits = [];
    for (let i = 0; i < 4; i++) {
      t.sock().serverClose(1006);
      waits.push(t.conn.retryAt - t.c.now());
      t.c.advance(waits.at(-1));
    }
    eq(waits, [500, 1000, 2000, 4000]);
    t.sock().open();
    t.sock().recv({ type: 'welcome', v: 1, heartbeatMs: 20000 });
    t.c.advance(10_000);
    t.sock().recv({ type: 'ping', t: 1 });
    t.sock().serverClose(1001);
    eq(t.conn.retryAt - t.c.now(), 500, 'after a stable connection');
  });

  await test('kick() connects at once while waiting to reconnect, and does nothing while connected', () => {
    const t = setup({ random: () => 1 });
    t.connect();
    t.conn.kick();
    eq(t.sockets.length, 1, 'no second socket while connected');
    t.sock().serverClose(1006);
    eq(t.sockets.length, 1);
    t.conn.kick();
    eq(t.sockets.length, 2, 'connected at once');
  });

  await test('offline: no quick retries, the online kick() reconnects', () => {
    const t = setup({ online: false });
    t.connect();
    t.sock().serverClose(1006);
    eq(t.conn.state, 'offline');
    eq(t.c.pending().at(-1), 30_000, 'only the 30 s backstop');
    t.state.online = true;
    t.conn.kick();
    eq(t.sockets.length, 2);
  });

  await test('close 4001 asks for a token and does not retry', () => {
    const t = setup();
    t.connect();
    t.sock().serverClose(4001);
    eq(t.conn.state, 'unauthorized');
    t.c.advance(120_000);
    eq(t.sockets.length, 1);
    t.conn.kick();
    eq(t.sockets.length, 1, 'kick does not retry a refused token');
    t.conn.reauthenticate();
    eq(t.sockets.length, 2);
  });

  await test('signing out closes the socket, forgets subscriptions and does not reconnect', () => {
    const t = setup({ token: 'tth_x' });
    t.connect();
    t.subscribeAndSnapshot(3);
    const states = [];
    t.conn.on('state', (s) => states.push([s.state, s.code, s.reason]));
    t.conn.signOut();
    ok(t.sockets[0].closed, 'the socket is closed');
    eq(states, [['unauthorized', 4001, 'signed out']]);
    eq(t.conn.subs.size, 0);
    t.c.advance(120_000);
    t.conn.kick();
    eq(t.sockets.length, 1, 'no reconnect while signed out');
    t.conn.reauthenticate();
    eq(t.sockets.length, 2);
    t.sock().open();
    t.sock().recv({ type: 'welcome', v: 1, session: 's2', user: 'v', heartbeatMs: 20000, deadAfterMs: 30000 });
    eq(t.sock().all('subscribe'), [], 'the signed-out user\'s conversations are not subscribed again');
  });

  await test('signing out while waiting to reconnect cancels the reconnect', () => {
    const t = setup();
    t.connect();
    t.sock().serverClose(1006);
    eq(t.conn.state, 'reconnecting');
    t.conn.signOut();
    eq(t.conn.state, 'unauthorized');
    t.c.advance(120_000);
    eq(t.sockets.length, 1);
  });

  await test('the first subscribe has no epoch; after a reconnect it resumes from the last position', () => {
    const t = setup();
    t.connect();
    t.subscribeAndSnapshot(5);
    eq(t.sockets[0].last('subscribe').epoch, undefined);
    t.sock().recv(t.ev(6));
    t.sock().recv(t.ev(7));
    t.sock().serverClose(1006);
    t.reconnect();
    const s = t.sock().last('subscribe');
    eq([s.conversation, s.epoch, s.after], ['c1', 'e1', 7]);
  });

  await test('events apply exactly once and in order: duplicates are ignored', () => {
    const t = setup();
    t.connect();
    t.subscribeAndSnapshot(0);
    for (const seq of [1, 2, 2, 1, 3]) t.sock().recv(t.ev(seq));
    eq(t.events.map((e) => e.seq), [1, 2, 3]);
    eq(t.conn.stats.duplicates, 2);
  });

  await test('a gap re-subscribes with after = last and drops frames until the answer', () => {
    const t = setup();
    t.connect();
    t.subscribeAndSnapshot(0);
    t.sock().recv(t.ev(1));
    t.sock().recv(t.ev(3));
    const s = t.sock().last('subscribe');
    eq([s.epoch, s.after], ['e1', 1]);
    t.sock().recv(t.ev(4));
    t.sock().recv(t.ev(2)); // still the old stream: dropped, the replay brings it
    eq(t.events.map((e) => e.seq), [1]);
    eq(t.sock().all('subscribe').length, 2, 'one re-subscribe, not one per frame');
    t.sock().recv({ type: 'subscribed', id: s.id, conversation: 'c1', epoch: 'e1', resumed: true, from: 2, to: 4 });
    for (const seq of [2, 3, 4, 5]) t.sock().recv(t.ev(seq));
    eq(t.events.map((e) => e.seq), [1, 2, 3, 4, 5]);
  });

  await test('merged deltas (firstSeq..seq) apply once; a partial overlap is a gap', () => {
    const t = setup();
    t.connect();
    t.subscribeAndSnapshot(0);
    t.sock().recv(t.ev(1));
    t.sock().recv(t.ev(4, { firstSeq: 2, text: 'abc' }));
    t.sock().recv(t.ev(4, { firstSeq: 2, text: 'abc' }));
    eq(t.events.map((e) => [e.firstSeq ?? e.seq, e.seq]), [[1, 1], [2, 4]]);
    t.sock().recv(t.ev(6, { firstSeq: 4, text: 'overlap' }));
    eq(t.events.length, 2);
    eq(t.sock().last('subscribe').after, 4);
  });

  await test('a snapshot sets the position; live events continue after it; another epoch is a gap', () => {
    const t = setup();
    t.connect();
    t.subscribeAndSnapshot(41);
    eq(t.snapshots.length, 1);
    t.sock().recv(t.ev(42));
    eq(t.conn.position('c1'), { epoch: 'e1', last: 42 });
    t.sock().recv(t.ev(43, { epoch: 'other' }));
    eq(t.events.length, 1);
    eq(t.sock().all('subscribe').length, 2);
  });

  await test('after a server restart the subscribe gets a snapshot of the new epoch', () => {
    const t = setup();
    t.connect();
    t.subscribeAndSnapshot(9);
    t.sock().serverClose(1001);
    t.reconnect();
    const s = t.sock().last('subscribe');
    t.sock().recv({ type: 'subscribed', id: s.id, conversation: 'c1', epoch: 'e2', resumed: false, reason: 'epoch_changed' });
    t.sock().recv({ type: 'snapshot', conversation: 'c1', epoch: 'e2', seq: 0, messages: [], inflight: null, queued: 0 });
    t.sock().recv(t.ev(1, { epoch: 'e2' }));
    eq(t.conn.position('c1'), { epoch: 'e2', last: 1 });
    eq(t.snapshots.length, 2);
  });

  await test('requests resolve with their ack, reject with their error, and reject on disconnect', async () => {
    const t = setup();
    t.connect();
    const a = t.conn.request({ type: 'create', title: 'x' });
    const b = t.conn.request({ type: 'stop', conversation: 'c1' });
    const c = t.conn.request({ type: 'stop', conversation: 'c2' });
    const [ida, idb] = t.sock().sent.slice(-3).map((f) => f.id);
    t.sock().recv({ type: 'ack', id: ida, conversation: 'new' });
    t.sock().recv({ type: 'error', id: idb, code: 'not_found', message: 'no', retryable: false });
    t.sock().serverClose(1006);
    eq(await a, { type: 'ack', id: ida, conversation: 'new' });
    eq(await b.catch((e) => e.code), 'not_found');
    eq(await c.catch((e) => e.code), 'disconnected');
  });

  await test('conversation_deleted drops the subscription: reported once, later frames ignored, no re-subscribe', () => {
    const t = setup();
    const deleted = [];
    t.conn.on('deleted', (f) => deleted.push(f.conversation));
    t.connect();
    t.subscribeAndSnapshot(3);
    t.conn.subscribe('c2');
    t.sock().recv({ type: 'conversation_deleted', conversation: 'c1' });
    eq(deleted, ['c1']);
    eq([...t.conn.subs.keys()], ['c2']);
    eq(t.sock().all('unsubscribe').length, 0, 'the server has already unsubscribed us');
    t.sock().recv(t.ev(4));
    eq(t.events.length, 0);
    t.sock().serverClose(1006);
    t.reconnect();
    eq(t.sock().all('subscribe').map((f) => f.conversation), ['c2']);
  });

  await test('conversation_updated is reported as a conversation event, subscribed to it or not', () => {
    const t = setup();
    const seen = [];
    t.conn.on('conversation', (f) => seen.push([f.conversation, f.title]));
    t.connect();
    t.subscribeAndSnapshot(3);
    t.sock().recv({ type: 'conversation_updated', conversation: 'c9', title: 'Made elsewhere', createdAt: 1, updatedAt: 2 });
    t.sock().recv({ type: 'conversation_updated', conversation: 'c1', title: 'Renamed', createdAt: 1, updatedAt: 3 });
    eq(seen, [['c9', 'Made elsewhere'], ['c1', 'Renamed']]);
    eq(t.events.length, 0, 'not a positioned event');
    eq([...t.conn.subs.keys()], ['c1'], 'subscribes to nothing by itself');
  });

  await test('a subscribe answered not_found is reported with its conversation, unless discarded meanwhile', () => {
    const t = setup();
    const errors = [];
    t.conn.on('error', (e) => errors.push([e.code, e.conversation]));
    t.connect();
    t.conn.subscribe('gone');
    t.conn.subscribe('also-gone');
    const [a, b] = t.sock().all('subscribe');
    t.sock().recv({ type: 'error', id: a.id, code: 'not_found', message: 'no', retryable: false });
    t.conn.discard('also-gone');
    t.sock().recv({ type: 'error', id: b.id, code: 'not_found', message: 'no', retryable: false });
    eq(errors, [['not_found', 'gone']]);
    eq(t.conn.subs.has('also-gone'), false);
  });

  await test('discarding a conversation\'s outbox keeps the other conversations\' messages', () => {
    const outbox = new Outbox(memoryStorage());
    outbox.add({ clientMessageId: 'a', conversation: 'c1', text: 'x' });
    outbox.add({ clientMessageId: 'b', conversation: 'c2', text: 'y' });
    outbox.add({ clientMessageId: 'c', conversation: 'c1', text: 'z' });
    outbox.discard('c1');
    eq(outbox.list().map((e) => e.clientMessageId), ['b']);
  });

  function memoryStorage() {
    const m = new Map();
    return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k) };
  }

  await test('the outbox sends after the welcome and re-sends with the same clientMessageId until acknowledged', async () => {
    const t = setup();
    const outbox = new Outbox(memoryStorage());
    const acked = [];
    const sender = new Sender(t.conn, outbox, { onAcked: (e, ack) => acked.push([e.clientMessageId, ack.duplicate]) }, t.c.setTimeout);
    sender.submit({ clientMessageId: 'm1', conversation: 'c1', text: 'typed offline' });
    eq(t.sockets.length, 0);
    t.connect();
    const first = t.sock().last('send');
    eq([first.clientMessageId, first.text], ['m1', 'typed offline']);
    t.sock().serverClose(1006); // the ack is lost
    await tick();
    eq(outbox.list().length, 1, 'kept until acknowledged');
    t.reconnect();
    const again = t.sock().last('send');
    eq(again.clientMessageId, 'm1');
    eq(t.sock().all('send').length, 1, 'sent once per connection');
    t.sock().recv({ type: 'ack', id: again.id, clientMessageId: 'm1', messageId: 7, duplicate: true });
    await tick();
    eq(outbox.list(), []);
    eq(acked, [['m1', true]]);
    t.sock().recv({ type: 'ping', t: 1 });
    t.sock().serverClose(1006);
    t.reconnect();
    eq(t.sock().all('send').length, 0, 'nothing left to send');
  });

  await test('a retryable refusal is retried after retryAfterMs; a final one is reported and dropped', async () => {
    const t = setup();
    const outbox = new Outbox(memoryStorage());
    const failed = [];
    new Sender(t.conn, outbox, { onFailed: (e, err) => failed.push([e.clientMessageId, err.code]) }, t.c.setTimeout);
    t.connect();
    outbox.add({ clientMessageId: 'a', conversation: 'c1', text: 'x' });
    outbox.add({ clientMessageId: 'b', conversation: 'c1', text: 'y' });
    t.sock().recv({ type: 'ping', t: 1 });
    t.conn.emit('open');
    const [sa, sb] = t.sock().all('send');
    t.sock().recv({ type: 'error', id: sa.id, code: 'rate_limited', message: 'wait', retryable: true, retryAfterMs: 3000 });
    t.sock().recv({ type: 'error', id: sb.id, code: 'invalid_frame', message: 'bad', retryable: false });
    await tick();
    eq(failed, [['b', 'invalid_frame']]);
    eq(outbox.list().map((e) => e.clientMessageId), ['a']);
    t.c.advance(2999);
    eq(t.sock().all('send').length, 2);
    t.c.advance(1);
    await tick();
    eq(t.sock().all('send').at(-1).clientMessageId, 'a');
  });

  await test('a reply renders from its deltas, tool steps in place, and ends with its status', () => {
    const m = new ConversationModel('c1');
    m.applySnapshot({ messages: [], inflight: null });
    m.addLocal({ clientMessageId: 'u1', text: 'hi' });
    m.apply({ type: 'user_message', messageId: 1, clientMessageId: 'u1', text: 'hi' });
    m.apply({ type: 'turn_started', userMessageId: 1 });
    m.apply({ type: 'delta', text: 'Let me ' });
    m.apply({ type: 'delta', text: 'look.' });
    m.apply({ type: 'tool_call', callId: 'k', name: 'read_file', arguments: '{}' });
    m.apply({ type: 'tool_result', callId: 'k', name: 'read_file', ok: true, content: 'data' });
    m.apply({ type: 'delta', text: 'Done.' });
    ok(m.running, 'running while streaming');
    m.apply({ type: 'turn_completed', messageId: 3, status: 'complete', text: 'Done.' });
    eq(m.items.map((i) => i.kind), ['user', 'reply']);
    eq(m.items[0].status, 'sent');
    eq(m.items[1].parts.map((p) => (p.type === 'text' ? p.text : `${p.name}:${p.content}`)), ['Let me look.', 'read_file:data', 'Done.']);
    eq([m.items[1].status, !!m.items[1].mismatch, m.running], ['complete', false, null]);
  });

  await test('a snapshot with an in-flight reply keeps unsent messages and shows the text so far', () => {
    const m = new ConversationModel('c1');
    m.applySnapshot({
      messages: [{ id: 1, role: 'user', text: 'q', clientMessageId: 'u1', status: 'complete' }],
      inflight: { userMessageId: 1, text: 'The first part', tools: [{ callId: 'k', name: 'ls', arguments: '{}', done: true, ok: true }] },
      olderCursor: 'cur',
    }, [{ clientMessageId: 'u1', text: 'q' }, { clientMessageId: 'u2', text: 'unsent' }]);
    eq(m.items.map((i) => i.kind + ':' + i.status), ['user:sent', 'reply:streaming', 'user:sending']);
    eq(m.items[1].parts.map((p) => p.type), ['tool', 'text']);
    eq(m.olderCursor, 'cur');
    m.apply({ type: 'delta', text: ' and more' });
    eq(m.items[1].parts[1].text, 'The first part and more');
  });

  await test('a snapshot places in-flight tool steps within the text where they were called', () => {
    const m = new ConversationModel('c1');
    m.applySnapshot({
      messages: [{ id: 1, role: 'user', text: 'q', clientMessageId: 'u1', status: 'complete' }],
      inflight: { userMessageId: 1, text: 'Let me look.Done', tools: [
        { callId: 'k', name: 'read_file', arguments: '{}', done: true, ok: false, at: 12, content: 'no such file' }] },
    });
    eq(m.items[1].parts.map((p) => (p.type === 'text' ? p.text : `${p.name}:${p.ok}:${p.content}`)),
      ['Let me look.', 'read_file:false:no such file', 'Done']);
    m.apply({ type: 'delta', text: '.' });
    eq(m.items[1].parts.at(-1).text, 'Done.');
  });

  await test('stored replies name their question and failed tool results show as failed', () => {
    const items = itemsFromMessages([
      { id: 1, role: 'user', text: 'a' },
      { id: 2, role: 'assistant', text: '', toolCalls: [{ id: 'k', name: 'ls', arguments: '{}' }], status: 'complete', replyTo: 1 },
      { id: 3, role: 'tool', text: 'denied', toolCallId: 'k', toolName: 'ls', status: 'failed', replyTo: 1 },
      { id: 4, role: 'assistant', text: 'Could not list.', status: 'failed', replyTo: 1 },
    ]);
    eq(items[1].parts.map((p) => (p.type === 'tool' ? `${p.ok}` : p.text)), ['false', 'Could not list.']);
    eq([items[1].userMessageId, items[1].status], [1, 'failed']);
  });

  await test('a reply waiting to be retried can be stopped: turn_completed ends it', () => {
    const m = new ConversationModel('c1');
    m.applySnapshot({ messages: [{ id: 1, role: 'user', text: 'q', status: 'complete' }], inflight: null });
    m.apply({ type: 'turn_started', userMessageId: 1 });
    m.apply({ type: 'turn_retrying', userMessageId: 1, message: 'Overloaded.', retryInMs: 5000, attempt: 1, maxAttempts: 3 });
    ok(m.retrying, 'retrying');
    eq(m.running, null);
    m.apply({ type: 'turn_completed', messageId: 2, userMessageId: 1, status: 'stopped', text: '' });
    eq([m.items.length, m.items[1].status, m.items[1].note, m.retrying], [2, 'stopped', null, null]);
  });

  await test('stored messages group into replies: tool results join their call, a final answer ends the reply', () => {
    const items = itemsFromMessages([
      { id: 1, role: 'user', text: 'a' },
      { id: 2, role: 'user', text: 'b' },
      { id: 3, role: 'assistant', text: 'Looking', toolCalls: [{ id: 'k', name: 'ls', arguments: '{}' }], status: 'complete' },
      { id: 4, role: 'tool', text: 'x.md', toolCallId: 'k', toolName: 'ls', status: 'complete' },
      { id: 5, role: 'assistant', text: 'Answer to a', status: 'complete' },
      { id: 6, role: 'assistant', text: 'Answer to b', status: 'stopped' },
    ]);
    eq(items.map((i) => i.kind), ['user', 'user', 'reply', 'reply']);
    eq(items[2].parts.map((p) => p.text ?? p.content), ['Looking', 'x.md', 'Answer to a']);
    eq(items[3].status, 'stopped');
  });

  await test('an ended answer followed by another to the same question is replaced; a failed one is not', () => {
    const items = itemsFromMessages([
      { id: 1, role: 'user', text: 'a' },
      { id: 2, role: 'assistant', text: 'first', status: 'complete', replyTo: 1 },
      { id: 3, role: 'assistant', text: 'cut', status: 'stopped', replyTo: 1 },
      { id: 4, role: 'assistant', text: 'newest', status: 'complete', replyTo: 1 },
      { id: 5, role: 'user', text: 'b' },
      { id: 6, role: 'assistant', text: 'error', status: 'failed', replyTo: 5 },
      { id: 7, role: 'assistant', text: 'ok', status: 'complete', replyTo: 5 },
    ]);
    eq(items.filter((i) => i.kind === 'reply').map((i) => !!i.replaced), [true, true, false, false, false]);
  });

  await test('Regenerate is offered for the last ended answer only, and a new answer replaces it live', () => {
    const m = new ConversationModel('c1');
    m.applySnapshot({ messages: [{ id: 1, role: 'user', text: 'q' },
      { id: 2, role: 'assistant', text: 'Blue', status: 'complete', replyTo: 1 }], inflight: null });
    eq(m.regenerable?.messageId, 2);
    m.apply({ type: 'turn_started', userMessageId: 1 });
    eq([m.regenerable, m.items[1].replaced, m.dirty.has(m.items[1])], [null, true, true]);
    m.apply({ type: 'delta', text: 'Green' });
    m.apply({ type: 'turn_completed', messageId: 3, userMessageId: 1, status: 'complete', text: 'Green' });
    eq(m.regenerable?.messageId, 3);
    m.addLocal({ clientMessageId: 'x', text: 'next' });
    eq(m.regenerable, null);
    const failed = new ConversationModel('c2');
    failed.applySnapshot({ messages: [{ id: 1, role: 'user', text: 'q' },
      { id: 2, role: 'assistant', text: 'Down.', status: 'failed', replyTo: 1 }], inflight: null });
    eq(failed.regenerable, null); // a failed reply offers Retry instead
  });

  await test('Edit is offered for the last question once its reply ended; an edit marks the old pair live and from pages', () => {
    const m = new ConversationModel('c1');
    m.applySnapshot({ messages: [{ id: 1, role: 'user', text: 'Wht is 2+2' },
      { id: 2, role: 'assistant', text: 'Hm?', status: 'failed', replyTo: 1 }], inflight: null });
    eq(m.editable?.id, 1); // a failed reply can be edited away too
    m.addLocal({ clientMessageId: 'e1', text: 'What is 2+2?', replaces: 1 });
    eq(m.editable, null); // nothing while the edit is being sent
    m.apply({ type: 'user_message', messageId: 3, clientMessageId: 'e1', text: 'What is 2+2?', replaces: 1 });
    eq([m.items[0].edited, m.items[1].replaced, m.items[1].editedAway, m.dirty.has(m.items[0])], [true, true, true, true]);
    m.apply({ type: 'turn_started', userMessageId: 3 });
    eq(m.editable, null); // nothing while its reply runs
    m.apply({ type: 'turn_completed', messageId: 4, userMessageId: 3, status: 'complete', text: 'Four' });
    eq([m.editable?.id, m.regenerable?.messageId, !!m.items[3].replaced], [3, 4, false]);
    // an edit in a newer page, the question it replaced in an older one (and a reply without replyTo)
    const paged = new ConversationModel('c2');
    paged.applySnapshot({ messages: [{ id: 3, role: 'user', text: 'new', replaces: 1 },
      { id: 4, role: 'assistant', text: 'ok', status: 'complete', replyTo: 3 }], inflight: null, olderCursor: 'x' });
    paged.prependHistory([{ id: 1, role: 'user', text: 'old' }, { id: 2, role: 'assistant', text: 'a', status: 'stopped' }], null);
    eq(paged.items.map((i) => !!(i.edited || i.editedAway)), [true, true, false, false]);
  });

  await test('Content-Disposition: filename* (RFC 8187) wins over filename, in either order', () => {
    eq(filenameFromDisposition(`attachment; filename="Caf_ notes.md"; filename*=UTF-8''Caf%C3%A9%20notes.md`), 'Café notes.md');
    eq(filenameFromDisposition(`attachment; filename*=UTF-8''Caf%C3%A9%20notes.md; filename="Caf_ notes.md"`), 'Café notes.md');
    eq(filenameFromDisposition(`Attachment; FILENAME*=utf-8'en'%E2%9C%93%20done.json`), '✓ done.json');
    eq(filenameFromDisposition(`attachment; filename*=iso-8859-1''caf%E9.md`), 'café.md');
  });

  await test('Content-Disposition: filename as a quoted string or a token; a bad filename* falls back to it', () => {
    eq(filenameFromDisposition('attachment; filename="say \\"hi\\"; then go.md"'), 'say "hi"; then go.md');
    eq(filenameFromDisposition('attachment; filename=notes.json'), 'notes.json');
    eq(filenameFromDisposition(`attachment; filename*=UTF-8''%E2%28bad.md; filename="fallback.md"`), 'fallback.md');
    eq(filenameFromDisposition(`attachment; filename*=KOI8-R''%C1.md; filename="fallback.md"`), 'fallback.md');
    eq(filenameFromDisposition('attachment; filename="../../etc/passwd"'), '.._.._etc_passwd');
  });

  await test('Content-Disposition without a usable name gives null (the title names the file then)', () => {
    eq(filenameFromDisposition(null), null);
    eq(filenameFromDisposition(''), null);
    eq(filenameFromDisposition('attachment'), null);
    eq(filenameFromDisposition('attachment; filename=""'), null);
    eq([safeFilename('Plans 2025/2026'), safeFilename(' a\\b\tc '), safeFilename('..'), safeFilename(null)],
      ['Plans 2025_2026', 'a_b_c', null, null]);
  });

  await test('a reply copies as its Markdown source; a code block as written, without marked\'s last newline', () => {
    const [, reply] = itemsFromMessages([
      { id: 1, role: 'user', text: 'q' },
      { id: 2, role: 'assistant', text: 'Let me look.', toolCalls: [{ id: 'k', name: 'ls', arguments: '{}' }], status: 'complete' },
      { id: 3, role: 'tool', text: 'a.md', toolCallId: 'k', toolName: 'ls', status: 'complete' },
      { id: 4, role: 'assistant', text: '# Found\n\n`a.md`\n', status: 'complete' },
    ]);
    eq(replySource(reply), 'Let me look.\n\n# Found\n\n`a.md`\n');
    const code = document.createElement('code');
    code.textContent = 'x = 1\n\ny = 2\n';
    eq(codeText(code), 'x = 1\n\ny = 2');
  });

  await test('a snapshot\'s thinking sits where it was thought among the tool steps; only the last can go on', () => {
    const parts = inflightParts({ text: 'Let me look.Done', tools: [
      { callId: 'a', name: 'read_file', at: 12, done: true, ok: true },
      { callId: 'b', name: 'list_dir', at: 12, done: true, ok: true }],
    thinking: [{ at: 0, toolsBefore: 0, text: 'first' }, { at: 12, toolsBefore: 1, text: 'between' },
      { at: 12, toolsBefore: 2, text: 'last' }] });
    eq(parts.map((p) => [p.type, p.text ?? p.name]), [['thinking', 'first'], ['text', 'Let me look.'],
      ['tool', 'read_file'], ['thinking', 'between'], ['tool', 'list_dir'], ['thinking', 'last'], ['text', 'Done']]);
    const streaming = { status: 'streaming', parts };
    eq(parts.filter((p) => p.type === 'thinking').map((p) => !thinkingGoesOn(streaming, p)), [true, true, true]);
    const still = inflightParts({ text: '', tools: [], thinking: [{ at: 0, toolsBefore: 0, text: 'hm' }] });
    eq(still.map((p) => [p.type, !thinkingGoesOn({ status: 'streaming', parts: still }, p)]), [['thinking', false]]);
  });

  await test('thinking events grow one stretch until text or a tool comes; stored thinking is done and not copied', () => {
    const m = new ConversationModel('c');
    m.applySnapshot({ messages: [], inflight: null });
    m.apply({ type: 'turn_started', userMessageId: 1 });
    m.apply({ type: 'thinking', text: 'a' });
    m.apply({ type: 'thinking', text: 'b' });
    const reply = m.running;
    const done = (p) => (p.type === 'thinking' ? !thinkingGoesOn(reply, p) : undefined);
    eq(reply.parts.map((p) => [p.type, p.text, done(p)]), [['thinking', 'ab', false]]);
    m.apply({ type: 'tool_call', callId: 'x', name: 'list_dir', arguments: '{}' });
    m.apply({ type: 'thinking', text: 'c' });
    m.apply({ type: 'delta', text: 'Done' });
    eq(reply.parts.map((p) => [p.type, p.text ?? p.name, p.type === 'tool' ? p.done : done(p)]), [['thinking', 'ab', true],
      ['tool', 'list_dir', false], ['thinking', 'c', true], ['text', 'Done', undefined]]);
    eq(replySource(reply), 'Done');
    const stored = itemsFromMessages([{ id: 1, role: 'user', text: 'q' },
      { id: 2, role: 'assistant', text: 'Yes', thinking: 'hm', status: 'complete', replyTo: 1 }]);
    eq(stored[1].parts.map((p) => [p.type, p.text, p.type === 'thinking' ? !thinkingGoesOn(stored[1], p) : undefined]),
      [['thinking', 'hm', true], ['text', 'Yes', undefined]]);
  });

  return results;
}
