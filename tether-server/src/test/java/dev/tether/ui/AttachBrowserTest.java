package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Attaching files: into the user's workspace (uploads/), named in the message being written. */
class AttachBrowserTest extends BrowserTest {
    private Locator input() {
        return chat.page.locator("#input");
    }

    private Path uploads() {
        return server.workspaces.of(server.user).root().resolve("uploads");
    }

    @Test
    void pickedFilesAreStoredAndNamedInTheMessage() {
        chat.open("");
        input().fill("Compare these:");

        chat.page.locator("#attach-picker").setInputFiles(new FilePayload[] {
            new FilePayload("sales.csv", "text/csv", "month,total\nMay,12\n".getBytes(StandardCharsets.UTF_8)),
            new FilePayload("notes.md", "text/markdown", "# Notes".getBytes(StandardCharsets.UTF_8))});

        assertThat(input()).hasValue("Compare these:\nAttached file: uploads/sales.csv (19 B)\n"
                + "Attached file: uploads/notes.md (7 B)");
        assertThat(uploads().resolve("sales.csv")).hasContent("month,total\nMay,12\n");
        assertThat(uploads().resolve("notes.md")).hasContent("# Notes");
        assertThat(input()).isFocused();
        assertThat(chat.page.locator("#attach")).isEnabled();
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aFileDroppedOnTheComposerIsAttachedToo() {
        chat.open("");

        chat.page.locator("#composer").evaluate("form => { const data = new DataTransfer();"
                + " data.items.add(new File(['dropped text'], 'drop.txt', { type: 'text/plain' }));"
                + " form.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true })); }");

        assertThat(input()).hasValue("Attached file: uploads/drop.txt (12 B)");
        assertThat(uploads().resolve("drop.txt")).hasContent("dropped text");
    }

    @Test
    void aFileTheServerRefusesIsNotNamedAndANoticeSaysWhy() {
        chat.page.route("**/api/me/files**", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setStatus(413).setContentType("application/json")
                .setBody("{\"error\":{\"code\":\"too_large\",\"message\":\"The file has 11 bytes; uploads hold at most 10.\","
                        + "\"retryable\":false}}")));
        chat.open("");

        chat.page.locator("#attach-picker").setInputFiles(new FilePayload("big.bin", "application/octet-stream",
                new byte[11]));

        assertThat(chat.page.locator("#older")).containsText("Could not attach big.bin: The file has 11 bytes");
        assertThat(input()).hasValue("");
    }
}
