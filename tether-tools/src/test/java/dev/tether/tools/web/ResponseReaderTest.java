package dev.tether.tools.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Wire-level parsing, from fixed bytes. */
class ResponseReaderTest {

    private static RawResponse read(String wire, long maxBytes) throws IOException {
        return ResponseReader.read(new ByteArrayInputStream(wire.getBytes(ISO_8859_1)), maxBytes);
    }

    @Test
    void decodesChunkedBodyWithExtensionsAndTrailers() throws IOException {
        RawResponse response = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n", 100);
        assertThat(new String(response.body(), ISO_8859_1)).isEqualTo("hello world");
        assertThat(response.truncated()).isFalse();
        assertThat(response.header("Content-Type")).hasValue("text/plain");
    }

    @Test
    void honoursContentLengthAndIgnoresBytesAfterIt() throws IOException {
        RawResponse response = read("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef", 100);
        assertThat(new String(response.body(), ISO_8859_1)).isEqualTo("abc");
    }

    @Test
    void readsToEndOfStreamWithoutLengthAndMarksTruncationAtCap() throws IOException {
        RawResponse response = read("HTTP/1.0 200 OK\r\n\r\n0123456789", 4);
        assertThat(new String(response.body(), ISO_8859_1)).isEqualTo("0123");
        assertThat(response.truncated()).isTrue();
    }

    @Test
    void skipsInterimContinueResponse() throws IOException {
        RawResponse response = read("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", 10);
        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void redirectBodyIsNotRead() throws IOException {
        RawResponse response = read("HTTP/1.1 301 Moved\r\nLocation: /x\r\nContent-Length: 5\r\n\r\nhello", 10);
        assertThat(response.isRedirect()).isTrue();
        assertThat(response.body()).isEmpty();
    }

    @Test
    void rejectsNonHttpResponses() {
        assertThatThrownBy(() -> read("SSH-2.0-OpenSSH\r\n\r\n", 10)).isInstanceOf(IOException.class)
                .hasMessageContaining("Not an HTTP/1.x response");
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 10))
                .isInstanceOf(IOException.class).hasMessageContaining("Malformed chunk size line");
    }
}
