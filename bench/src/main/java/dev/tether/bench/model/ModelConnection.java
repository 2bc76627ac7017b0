package dev.tether.bench.model;

import dev.tether.bench.nio.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection from the server's model client: reads a request (Content-Length body),
 * answers it, then reads the next. One response at a time, as HTTP/1.1 without pipelining requires.
 */
final class ModelConnection implements EventLoop.Handler {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final String MEMORY_MARKER = "long-term memory of a personal assistant";

    private final FakeModelServer server;
    private final SocketChannel channel;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    SelectionKey key;
    private byte[] in = new byte[8192];
    private int inLen;
    private boolean responding;
    private boolean closed;
    private int streamId;
    private byte[] tokenPrefix;
    private byte[] tokenSuffix;

    ModelConnection(FakeModelServer server, SocketChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    @Override
    public void onReady(SelectionKey k) throws IOException {
        if (k.isValid() && k.isWritable()) {
            flush();
        }
        if (k.isValid() && k.isReadable()) {
            read();
        }
    }

    private void read() throws IOException {
        while (true) {
            if (inLen == in.length) {
                in = java.util.Arrays.copyOf(in, in.length * 2);
            }
            int n = channel.read(ByteBuffer.wrap(in, inLen, in.length - inLen));
            if (n < 0) {
                close();
                return;
            }
            if (n == 0) {
                break;
            }
            inLen += n;
        }
        if (!responding) {
            nextRequest();
        }
    }

    private void nextRequest() throws IOException {
        int headEnd = indexOf(in, inLen);
        if (headEnd < 0) {
            return;
        }
        String head = new String(in, 0, headEnd, StandardCharsets.ISO_8859_1);
        int contentLength = contentLength(head);
        int total = headEnd + 4 + contentLength;
        if (inLen < total) {
            return;
        }
        String body = new String(in, headEnd + 4, contentLength, StandardCharsets.UTF_8);
        System.arraycopy(in, total, in, 0, inLen - total);
        inLen -= total;
        String requestLine = head.substring(0, head.indexOf("\r\n"));
        if (requestLine.startsWith("POST /v1/chat/completions ")) {
            chat(body, contentLength);
        } else if (requestLine.startsWith("GET /v1/models ")) {
            String json = "{\"object\":\"list\",\"data\":[{\"id\":\"" + FakeModelServer.MODEL
                    + "\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"tether-bench\"}]}";
            plain(200, json);
        } else {
            plain(404, "{\"error\":{\"message\":\"Unknown request URL: " + requestLine
                    + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    private void plain(int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found")
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        write(head.getBytes(StandardCharsets.US_ASCII));
        write(body);
        if (!responding) {
            nextRequest();
        }
    }

    private void chat(String body, int bytes) throws IOException {
        server.requests.increment();
        if (body.contains(MEMORY_MARKER)) {
            server.memoryRequests.increment();
        } else {
            server.lastChatRequestBytes.set(bytes);
        }
        boolean usage = body.contains("\"include_usage\":true");
        ReplyPlan plan = server.plan();
        responding = true;
        streamId++;
        String id = "chatcmpl-bench" + streamId;
        StringBuilder first = new StringBuilder(512);
        first.append("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n")
                .append("Transfer-Encoding: chunked\r\nx-request-id: req_bench\r\n\r\n");
        appendChunk(first, event(id, "{\"role\":\"assistant\",\"content\":\"\"}", null, usage));
        long start = System.nanoTime();
        if (plan.interval().isZero()) {
            for (int k = 0; k < plan.tokens(); k++) {
                appendChunk(first, contentEvent(id, plan, k, usage));
            }
            appendTail(first, id, plan, usage);
            write(first.toString().getBytes(StandardCharsets.UTF_8));
            server.chunksSent.add(plan.tokens());
            finished();
            return;
        }
        appendChunk(first, contentEvent(id, plan, 0, usage));
        write(first.toString().getBytes(StandardCharsets.UTF_8));
        server.chunksSent.increment();
        String sample = event(id, "{\"content\":\"\u0000\"}", null, usage);
        int cut = sample.indexOf('\u0000');
        tokenPrefix = sample.substring(0, cut).getBytes(StandardCharsets.UTF_8);
        tokenSuffix = sample.substring(cut + 1).getBytes(StandardCharsets.UTF_8);
        long step = plan.interval().toNanos();
        scheduleToken(id, plan, usage, start, step, 1);
    }

    /**
     * One content chunk as HTTP chunk bytes, built without intermediate strings: the hot path at thousands of
     * chunks per second, so the load generator spends its time in the socket write, not in formatting.
     */
    private byte[] tokenChunk(ReplyPlan plan, int k) {
        byte[] content = (plan.timestamped() ? k + ":" + System.nanoTime() + ";" : plan.text())
                .getBytes(StandardCharsets.UTF_8);
        int len = tokenPrefix.length + content.length + tokenSuffix.length;
        byte[] hex = Integer.toHexString(len).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[hex.length + 2 + len + 2];
        int i = 0;
        System.arraycopy(hex, 0, out, i, hex.length);
        i += hex.length;
        out[i++] = '\r';
        out[i++] = '\n';
        System.arraycopy(tokenPrefix, 0, out, i, tokenPrefix.length);
        i += tokenPrefix.length;
        System.arraycopy(content, 0, out, i, content.length);
        i += content.length;
        System.arraycopy(tokenSuffix, 0, out, i, tokenSuffix.length);
        i += tokenSuffix.length;
        out[i++] = '\r';
        out[i] = '\n';
        return out;
    }

    private void scheduleToken(String id, ReplyPlan plan, boolean usage, long start, long step, int k) {
        long due = start + step * k;
        server.loop().schedule(due, () -> {
            if (closed) {
                return;
            }
            try {
                if (plan.timestamped()) {
                    server.lateness.record(System.nanoTime() - due);
                }
                server.chunksSent.increment();
                if (k + 1 < plan.tokens()) {
                    write(tokenChunk(plan, k));
                    scheduleToken(id, plan, usage, start, step, k + 1);
                } else {
                    StringBuilder b = new StringBuilder(300);
                    appendChunk(b, contentEvent(id, plan, k, usage));
                    appendTail(b, id, plan, usage);
                    write(b.toString().getBytes(StandardCharsets.UTF_8));
                    finished();
                }
            } catch (IOException e) {
                close();
            }
        });
    }

    private void finished() throws IOException {
        responding = false;
        nextRequest();
    }

    private static String contentEvent(String id, ReplyPlan plan, int k, boolean usage) {
        String text = plan.timestamped() ? k + ":" + System.nanoTime() + ";" : plan.text();
        return event(id, "{\"content\":\"" + text + "\"}", null, usage);
    }

    private static void appendTail(StringBuilder b, String id, ReplyPlan plan, boolean usage) {
        appendChunk(b, event(id, "{}", "stop", usage));
        if (usage) {
            appendChunk(b, "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"" + FakeModelServer.MODEL + "\",\"system_fingerprint\":\"fp_bench\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":" + plan.tokens() + ",\"total_tokens\":"
                    + (10 + plan.tokens()) + "}}\n\n");
        }
        appendChunk(b, new String(DONE, StandardCharsets.US_ASCII));
        b.append("0\r\n\r\n");
    }

    private static String event(String id, String delta, String finish, boolean usage) {
        return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                + FakeModelServer.MODEL + "\",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,\"delta\":"
                + delta + ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"")
                + "}]" + (usage ? ",\"usage\":null" : "") + "}\n\n";
    }

    /** Appends {@code data} as one HTTP chunk (ASCII/UTF-8 length in bytes). */
    private static void appendChunk(StringBuilder b, String data) {
        int bytes = data.getBytes(StandardCharsets.UTF_8).length;
        b.append(Integer.toHexString(bytes)).append("\r\n").append(data).append("\r\n");
    }

    private void write(byte[] bytes) throws IOException {
        if (closed) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (out.isEmpty()) {
            channel.write(b);
            if (!b.hasRemaining()) {
                return;
            }
        }
        out.addLast(b);
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    private void flush() throws IOException {
        while (!out.isEmpty()) {
            ByteBuffer b = out.peekFirst();
            channel.write(b);
            if (b.hasRemaining()) {
                return;
            }
            out.pollFirst();
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    private static int indexOf(byte[] buf, int end) {
        for (int i = 0; i + 3 < end; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void close() {
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            System.err.println("closing a model connection failed: " + e);
        }
    }
}
