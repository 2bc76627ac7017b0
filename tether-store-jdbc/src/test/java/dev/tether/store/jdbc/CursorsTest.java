package dev.tether.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CursorsTest {
    @Test
    void historyCursorRoundTripsForItsConversation() {
        String cursor = Cursors.history("conv-1", 42);

        assertThat(Cursors.historyBefore("conv-1", cursor)).isEqualTo(42);
        assertThat(cursor).doesNotContain("conv-1").matches("[A-Za-z0-9_-]+");
    }

    @Test
    void conversationsCursorRoundTripsIdsContainingTheSeparator() {
        String cursor = Cursors.conversations(1_700_000_000_123L, "odd|id");

        assertThat(Cursors.conversationsAfter(cursor))
                .isEqualTo(new Cursors.ConversationPosition(1_700_000_000_123L, "odd|id"));
    }

    @Test
    void cursorsAreNotInterchangeable() {
        String forConversations = Cursors.conversations(1, "a");
        String forHistory = Cursors.history("conv-1", 5);

        assertThatThrownBy(() -> Cursors.historyBefore("conv-1", forConversations))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history()");
        assertThatThrownBy(() -> Cursors.conversationsAfter(forHistory))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conversations()");
    }

    @Test
    void damagedCursorSaysToStartAgain() {
        String damaged = Cursors.history("conv-1", 5).substring(2);

        assertThatThrownBy(() -> Cursors.historyBefore("conv-1", damaged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid cursor '" + damaged + "'")
                .hasMessageEndingWith("Start again without a cursor.");
    }
}
