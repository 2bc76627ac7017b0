// The REST API under /api (docs/protocol.md points history paging here). Errors become ApiError with the
// status and the server's message, for the UI to show.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export class Api {
  constructor(token = () => '', fetchImpl = globalThis.fetch.bind(globalThis)) {
    this.token = token;
    this.fetch = fetchImpl;
  }

  async get(path, params = {}) {
    return this.call('GET', path, params);
  }

  async call(method, path, params = {}, body) {
    const res = await this.request(method, path, params, body);
    if (res.status === 204) return null; // No Content: res.json() would throw on the empty body
    return res.json();
  }

  /** Sends the request; answers the Response when it is a success, else throws ApiError. */
  async request(method, path, params = {}, body, accept = 'application/json') {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) query.set(k, v);
    const url = `/api${path}${query.size ? `?${query}` : ''}`;
    const headers = { Accept: accept };
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    const raw = body instanceof Blob; // a file goes as it is
    if (body !== undefined) headers['Content-Type'] = raw ? 'application/octet-stream' : 'application/json';
    let res;
    try {
      res = await this.fetch(url, { method, headers,
        body: body === undefined ? undefined : raw ? body : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, `The server cannot be reached (${e.message}).`);
    }
    if (!res.ok) {
      let message = `${method} ${url} answered ${res.status}`;
      try {
        const err = await res.json();
        if (err?.message) message = err.message;
        else if (err?.error?.message) message = err.error.message;
      } catch { /* not JSON */ }
      throw new ApiError(res.status, message);
    }
    return res;
  }

  /** Puts `file` into the user's own workspace: {path (such as "uploads/notes.csv"), bytes}. */
  upload(file) {
    return this.call('POST', '/me/files', { name: file.name }, file);
  }

  /**
   * {items: [{id, title, createdAt, updatedAt, match?}], next?}, most recently updated first; with `q`, those whose title
   * or messages contain it, `match` {messageId, role, snippet, at} on those found through a message.
   */
  conversations(cursor, limit = 50, q = undefined) {
    return this.get('/conversations', { q: q || undefined, cursor, limit });
  }

  /** Renames; answers {id, title, createdAt, updatedAt} (the server clips the title to 200 characters). */
  rename(conversation, title) {
    return this.call('PATCH', `/conversations/${encodeURIComponent(conversation)}`, {}, { title });
  }

  /** Deletes the conversation with its messages (a running reply is stopped); answers 204, so null. */
  remove(conversation) {
    return this.call('DELETE', `/conversations/${encodeURIComponent(conversation)}`);
  }

  /**
   * The whole conversation as a file, `format` "markdown" or "json": {blob, disposition} (the
   * Content-Disposition header, which names the file; null if the server sent none).
   */
  async exportConversation(conversation, format) {
    const res = await this.request('GET', `/conversations/${encodeURIComponent(conversation)}/export`, { format },
      undefined, format === 'json' ? 'application/json' : 'text/markdown, */*;q=0.1');
    try {
      return { blob: await res.blob(), disposition: res.headers.get('Content-Disposition') };
    } catch (e) {
      throw new ApiError(0, `The server cannot be reached (${e.message}).`); // the connection broke mid-file
    }
  }

  /** {items: [Message, oldest first], next?: cursor for older}. */
  messages(conversation, cursor, limit = 50) {
    return this.get(`/conversations/${encodeURIComponent(conversation)}/messages`, { cursor, limit });
  }
}
