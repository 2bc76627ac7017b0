// Renaming and deleting conversations: the requests behind the sidebar's Rename and Delete (sidebar.js draws
// them), and what the user is told when one fails or finds the conversation already gone.

export class ConversationManager {
  /** @param chats forgets a deleted conversation and shows a new title in the header */
  constructor(api, sidebar, chats, notices) {
    this.api = api;
    this.sidebar = sidebar;
    this.chats = chats;
    this.notices = notices;
    this.deleting = new Set(); // ids this tab asked the server to delete: their conversation_deleted needs no notice
  }

  /** Whether this tab asked the server to delete `id`: its conversation_deleted frame needs no notice. */
  isDeleting(id) {
    return this.deleting.has(id);
  }

  async rename(id, title) {
    this.sidebar.setBusy(id, true);
    try {
      const renamed = await this.api.rename(id, title);
      this.sidebar.rename(id, renamed?.title ?? title); // the stored title: the server clips long ones
      this.chats.updateControls();
    } catch (e) {
      const why = e.status === 404 ? 'the conversation does not exist any more.' : e.message;
      this.notices.show(`The conversation could not be renamed: ${why}`);
    } finally {
      this.sidebar.setBusy(id, false);
    }
  }

  async remove(id) {
    if (this.deleting.has(id)) return;
    const title = this.sidebar.title(id) || 'Untitled';
    if (!confirm(`Delete “${title}”? Its messages are deleted too. This cannot be undone.`)) return;
    this.deleting.add(id);
    this.sidebar.setBusy(id, true);
    try {
      await this.api.remove(id);
      this.chats.drop(id);
      this.notices.show(`Deleted “${title}”.`);
    } catch (e) {
      if (e.status === 404) {
        // gone already (deleted elsewhere, and this page has not heard): what the user wanted
        this.chats.drop(id);
        this.notices.show(`“${title}” was already deleted.`);
      } else {
        this.sidebar.setBusy(id, false);
        this.notices.show(`The conversation could not be deleted: ${e.message}`);
      }
    } finally {
      this.deleting.delete(id);
    }
  }
}
