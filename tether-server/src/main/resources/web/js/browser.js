// The page's answers to the browser: the network coming back or going, the tab shown again, the address's
// #c= changed (back, forward, an edited address), and the keyboard shortcuts: Alt+Shift+D the debug panel,
// Ctrl/Cmd+Shift+O a new chat, Escape stops the reply.

/** @param stop the Stop button: Escape stops the reply only while it is shown and enabled */
export function listenToBrowser({ connection, sidebar, debug, chats, stop }) {
  window.addEventListener('online', () => connection.kick());
  window.addEventListener('offline', () => {
    if (connection.state !== 'open') connection.setState('offline');
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    chats.seen();
    connection.kick();
    // renames and deletions made elsewhere in the meantime (only subscribed conversations hear of deletions live)
    if (connection.isOpen) sidebar.refresh();
  });
  document.addEventListener('keydown', (e) => {
    if (e.altKey && e.shiftKey && (e.key === 'D' || e.key === 'd' || e.code === 'KeyD')) {
      e.preventDefault();
      debug.toggle();
    } else if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.code === 'KeyO') {
      e.preventDefault(); // as in ChatGPT: a new chat
      chats.newChat();
    } else if (e.key === 'Escape' && !e.defaultPrevented && !stop.hidden && !stop.disabled
        && !e.target.closest?.('dialog, .export, #sidebar')) {
      e.preventDefault(); // Escape stops the reply, unless a menu, dialog or an edit in the sidebar takes it
      chats.stopReply();
    }
  });
  window.addEventListener('hashchange', () => {
    const id = new URLSearchParams(location.hash.slice(1)).get('c');
    if (id && id !== chats.current) chats.select(id);
  });
}
