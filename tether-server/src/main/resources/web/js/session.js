// Who the page works for: the access token (from the URL fragment or the sign-in dialog), the sign-in dialog,
// Sign out, and the check after every welcome that what this browser keeps belongs to the user of that welcome.
// What is kept in localStorage, and under which keys, is auth.js's.

import { tokenFromFragment, loadToken, saveToken, loadUser, saveUser, forgetUser, onTokenChangedElsewhere } from './auth.js';

function countMessages(n) {
  return n === 1 ? '1 message' : `${n} messages`;
}

export class Session {
  /**
   * Reads the token: the URL fragment's (kept from now on), else the one kept. attach() the other parts before
   * the connection starts.
   * @param elements {app, signOutButton, dialog (sign-in), error (its message), input (the token), form}
   */
  constructor(elements) {
    this.el = elements;
    const fromUrl = tokenFromFragment();
    if (fromUrl) saveToken(fromUrl);
    this.token = loadToken();
    this.refusal = '';      // the server's reason for the last 4001 (its `unauthorized` error frame)
    this.signedOut = false; // this page signed out: the next sign-in starts it again, empty
    this.connection = null;
    this.outbox = null;
    this.sidebar = null;
  }

  /** Takes the parts signing in and out acts on, and listens to Sign out, the dialog and the other tabs. */
  attach({ connection, outbox, sidebar }) {
    this.connection = connection;
    this.outbox = outbox;
    this.sidebar = sidebar;
    const { signOutButton, dialog, error, input, form } = this.el;
    signOutButton.addEventListener('click', () => {
      const unsent = outbox.list().length;
      if (unsent && !confirm(`Sign out? ${countMessages(unsent)} not sent yet will be lost.`)) return;
      this.signOut();
    });
    onTokenChangedElsewhere((stored) => {
      if (stored === this.token) return;
      if (!stored) this.signOut('You signed out in another tab.');
      else { // signed in there, perhaps as someone else: this tab starts again with that token
        sidebar.clear();
        location.reload();
      }
    });
    dialog.addEventListener('close', () => {
      if (this.signedOut && !this.token) this.showLogin(error.textContent); // signed out, the dialog is all there is
    });
    form.addEventListener('submit', () => {
      this.token = input.value.trim();
      input.value = '';
      if (this.signedOut) {
        if (this.token) this.startAs(this.token);
        return;
      }
      saveToken(this.token);
      this.updateSignOut();
      connection.reauthenticate();
    });
  }

  /**
   * After every welcome, before anything is sent (register it ahead of the Sender's flush): the messages and lists
   * this browser keeps belong to the user of the last welcome. A token of someone else, pasted after a 4001, must
   * not send that user's unsent messages as theirs, nor show their conversation list.
   */
  onWelcome(welcome) {
    const owner = loadUser();
    if (!owner || owner === welcome.user) {
      if (!owner) saveUser(welcome.user);
      return;
    }
    const unsent = this.outbox.list().length;
    if (unsent && !confirm(`This token signs in as “${welcome.user}”, but ${countMessages(unsent)} of “${owner}” `
        + `${unsent === 1 ? 'has' : 'have'} not been sent yet and will be lost. Sign in as “${welcome.user}”?`)) {
      // nothing is sent: the socket closes before the Sender's flush, and the messages stay for their user
      this.token = '';
      saveToken('');
      this.updateSignOut();
      this.connection.drop(4001, 'another user');
      this.showLogin(`Not signed in. Paste a token of “${owner}” to send their unsent messages.`);
      return;
    }
    this.startAs(this.token); // the page starts again, empty, for the new user
  }

  /** The server's `unauthorized` error frame: its message goes in the sign-in dialog that the close (4001) brings up. */
  onRefused(message) {
    this.refusal = message ?? '';
  }

  /** The connection's 'state' event: a 4001 close (not our own sign-out) asks for a token. */
  onState({ state, code, reason }) {
    if (state === 'unauthorized' && reason !== 'signed out') {
      // at hello, or mid-session when the token is revoked: the server's error frame came just before the close
      this.showLogin(code === 4001 && this.token ? `That token was refused. ${this.refusal || 'Paste a new one.'}` : '');
    }
    if (state === 'open') this.refusal = '';
  }

  /** Forgets the token and this user's data, closes the socket and asks for a token; `message` says why. */
  signOut(message = '') {
    forgetUser();
    this.token = '';
    this.signedOut = true;
    this.sidebar.clear();
    this.el.app.classList.add('signed-out'); // nothing of the previous user stays on screen behind the dialog
    this.updateSignOut();
    this.connection.signOut(); // state 'unauthorized': the dialog opens
    this.showLogin(message);
  }

  /** Keeps `secret` and loads the page again: nothing of the previous user's session survives in memory. */
  startAs(secret) {
    this.sidebar.clear();
    forgetUser(); // again: an answer that arrived since may have written some of it back
    saveToken(secret);
    location.reload();
  }

  updateSignOut() {
    this.el.signOutButton.hidden = !this.token; // without a token (auth "none") there is nothing to sign out of
  }

  showLogin(message) {
    const { dialog, error, input } = this.el;
    error.hidden = !message;
    error.textContent = message;
    if (!dialog.open) dialog.showModal();
    input.focus();
  }
}
