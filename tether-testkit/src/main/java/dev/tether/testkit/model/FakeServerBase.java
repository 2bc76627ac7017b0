package dev.tether.testkit.model;

import dev.tether.testkit.http.EventStream;
import dev.tether.testkit.http.IncomingRequest;
import dev.tether.testkit.http.LoopbackHttpServer;
import dev.tether.testkit.http.Responder;
import dev.tether.testkit.http.StreamFraming;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What every fake model server shares: the script queue, request recording, and playing scripts as frames. */
abstract class FakeServerBase implements FakeModelServer {
    private final String model;
    private final Wire wire;
    private final LoopbackHttpServer http;
    private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
    private final BlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile Script defaultScript = Script.text("ok");
    private volatile StreamFraming framing = StreamFraming.CHUNKED;

    FakeServerBase(String name, String model, Wire wire) {
        this.model = Objects.requireNonNull(model, "model");
        this.wire = wire;
        this.http = LoopbackHttpServer.start(name, this::route);
    }

    /** Dispatches one request by method and path; chat endpoints call {@link #chat}. */
    abstract void route(IncomingRequest request, Responder responder) throws IOException;

    String origin() {
        return http.origin();
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public FakeModelServer enqueue(Script... toAdd) {
        for (Script script : toAdd) {
            scripts.add(Objects.requireNonNull(script, "script"));
        }
        return this;
    }

    @Override
    public FakeModelServer defaultScript(Script script) {
        this.defaultScript = Objects.requireNonNull(script, "script");
        return this;
    }

    @Override
    public int pendingScripts() {
        return scripts.size();
    }

    @Override
    public FakeModelServer framing(StreamFraming framing) {
        this.framing = Objects.requireNonNull(framing, "framing");
        return this;
    }

    @Override
    public List<RecordedRequest> requests() {
        return List.copyOf(recorded);
    }

    @Override
    public RecordedRequest takeRequest(Duration timeout) {
        try {
            RecordedRequest next = untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("No request reached " + baseUrl() + " within " + timeout
                        + "; requests so far: " + recorded.size());
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for a request to " + baseUrl(), e);
        }
    }

    @Override
    public int clientAborts() {
        return http.clientAborts();
    }

    @Override
    public void awaitClientAborts(int count, Duration timeout) {
        http.awaitClientAborts(count, timeout);
    }

    @Override
    public List<String> protocolViolations() {
        List<String> all = new ArrayList<>(violations);
        all.addAll(http.failures());
        return List.copyOf(all);
    }

    @Override
    public int connectionsAccepted() {
        return http.connectionsAccepted();
    }

    @Override
    public void close() {
        http.close();
    }

    /** Records the request, then plays the next script (or the default) in this provider's format. */
    void chat(IncomingRequest request, Responder responder) throws IOException {
        Wire.Decoded decoded;
        try {
            decoded = wire.decode(request);
        } catch (ProtocolViolation v) {
            record(request, Optional.empty());
            violations.add(request.method() + " " + request.path() + ": " + v.getMessage());
            sendError(responder, v.status(), v.getMessage(), Optional.empty());
            return;
        }
        record(request, Optional.of(decoded.chat()));
        Script script = Optional.ofNullable(scripts.poll()).orElse(defaultScript);
        boolean stream = decoded.chat().stream();
        switch (script) {
            case Script.HttpError e -> sendError(responder, e.status(), e.message(), e.retryAfter());
            case Script.Reply reply when stream -> play(responder, reply, decoded, -1, Cut.NONE, null);
            case Script.Reply reply -> responder.send(200, "application/json", wire.completion(reply, decoded),
                    wire.responseHeaders());
            case Script.Stall s when stream -> play(responder, s.reply(), decoded, s.afterChunks(), Cut.STALL, null);
            case Script.Stall s -> responder.hold();
            case Script.Drop d when stream -> play(responder, d.reply(), decoded, d.afterChunks(), Cut.DROP, null);
            case Script.Drop d -> responder.dropConnection();
            case Script.StreamError e when stream -> play(responder, e.reply(), decoded, e.afterChunks(), Cut.ERROR,
                    wire.streamError(e.status(), e.message()));
            case Script.StreamError e -> sendError(responder, e.status(), e.message(), Optional.empty());
            case Script.Hang h -> responder.hold();
        }
    }

    void sendError(Responder responder, int status, String message, Optional<Duration> retryAfter)
            throws IOException {
        Map<String, String> headers = new HashMap<>(wire.responseHeaders());
        retryAfter.ifPresent(d -> headers.put("Retry-After", Long.toString(Math.max(0, d.toSeconds()))));
        responder.send(status, "application/json", wire.errorBody(status, message), headers);
    }

    /**
     * Streams {@code reply}; when {@code cutAfter >= 0}, stops after that many content frames (or before the
     * tail if there are fewer) and then stalls, drops the connection, or sends {@code errorFrames} and ends.
     */
    private void play(Responder responder, Script.Reply reply, Wire.Decoded request, int cutAfter, Cut cut,
                      List<Frame> errorFrames) throws IOException {
        EventStream stream = responder.openEventStream(200, wire.responseHeaders(), framing);
        int sent = 0;
        boolean inTail = false;
        for (Frame frame : wire.frames(reply, request)) {
            boolean cutPoint = frame.kind() == Frame.Kind.CONTENT || (frame.kind() == Frame.Kind.TAIL && !inTail);
            if (cutPoint && cut != Cut.NONE && sent == cutAfter) {
                switch (cut) {
                    case STALL -> stream.stall();
                    case DROP -> stream.drop();
                    case ERROR -> {
                        if (errorFrames.stream().allMatch(f -> stream.send(f.text()))) {
                            stream.finish();
                        }
                    }
                    case NONE -> throw new IllegalStateException("unreachable");
                }
                return;
            }
            inTail |= frame.kind() == Frame.Kind.TAIL;
            if (frame.kind() == Frame.Kind.CONTENT) {
                if (sent > 0 && !stream.pause(reply.chunkDelay())) {
                    return;
                }
                sent++;
            }
            if (!stream.send(frame.text())) {
                return;
            }
        }
        stream.finish();
    }

    private void record(IncomingRequest request, Optional<RecordedChat> chat) {
        RecordedRequest r = new RecordedRequest(request.method(), request.path(), request.headers(), request.body(),
                chat);
        recorded.add(r);
        untaken.add(r);
    }

    /** How a scripted stream ends early. */
    private enum Cut { NONE, STALL, DROP, ERROR }
}
