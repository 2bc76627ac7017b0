package dev.tether.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.live.Frames;
import dev.tether.live.OutboundFrame;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.junit.jupiter.api.Test;

/**
 * The outgoing queue: in-flight cap, delta merging while backed up, the slow-consumer bound, and that Jetty is
 * never called with the connection's lock held.
 */
class ConnectionTest {
    private final List<String> sent = new ArrayList<>();
    private final List<Callback> pending = new ArrayList<>();
    private final List<Integer> closes = new ArrayList<>();

    /** A Jetty session whose writes complete only when the test says so, like a peer that stopped reading. */
    private final CoreSession session = (CoreSession) Proxy.newProxyInstance(CoreSession.class.getClassLoader(),
            new Class<?>[] {CoreSession.class}, (proxy, method, args) -> switch (method.getName()) {
                case "sendFrame" -> {
                    sent.add(((Frame) args[0]).getPayloadAsUTF8());
                    pending.add((Callback) args[1]);
                    yield null;
                }
                case "close" -> {
                    if (args != null && args.length == 3) {
                        closes.add((Integer) args[0]);
                    }
                    yield null;
                }
                case "isOutputOpen" -> true;
                default -> null;
            });

    private static OutboundFrame delta(long seq, String text) {
        return OutboundFrame.text(Frames.DELTA, "c1", "e1", seq, seq, text);
    }

    @Test
    void atMostEightFramesAreInFlightAndWaitingDeltasMerge() {
        Connection c = new Connection("x", session, 1 << 20, 0);
        for (int seq = 1; seq <= 20; seq++) {
            c.send(delta(seq, "t" + seq + " "));
        }
        assertThat(sent).hasSize(Connection.MAX_IN_FLIGHT);

        pending.getFirst().succeeded();
        assertThat(sent).hasSize(Connection.MAX_IN_FLIGHT + 1);
        String merged = sent.getLast();
        assertThat(merged).contains("\"firstSeq\":9").contains("\"seq\":20")
                .contains("t9 t10 t11 t12 t13 t14 t15 t16 t17 t18 t19 t20 ");
    }

    @Test
    void waitingThinkingMergesWithThinkingButNeverWithText() {
        Connection c = new Connection("x", session, 1 << 20, 0);
        for (int seq = 1; seq <= 8; seq++) {
            c.send(delta(seq, "a"));
        }
        c.send(OutboundFrame.text(Frames.THINKING, "c1", "e1", 9, 9, "hm"));
        c.send(OutboundFrame.text(Frames.THINKING, "c1", "e1", 10, 10, "m."));
        c.send(delta(11, "b"));
        c.send(delta(12, "c"));
        for (int done = 0; done < pending.size(); done++) {
            pending.get(done).succeeded();
        }
        assertThat(sent.subList(8, sent.size())).containsExactly(Frames.text(Frames.THINKING, "c1", "e1", 9, 10, "hmm."),
                Frames.delta("c1", "e1", 11, 12, "bc"));
    }

    @Test
    void controlFramesAreNotMergedAndKeepTheirOrder() {
        Connection c = new Connection("x", session, 1 << 20, 0);
        for (int seq = 1; seq <= 8; seq++) {
            c.send(delta(seq, "a"));
        }
        c.send(delta(9, "b"));
        c.send(OutboundFrame.control("{\"type\":\"ping\"}"));
        c.send(delta(10, "c"));
        for (int done = 0; done < pending.size(); done++) {
            pending.get(done).succeeded(); // completing one write hands the next frame to the session
        }
        assertThat(sent.subList(8, sent.size())).containsExactly(Frames.delta("c1", "e1", 9, 9, "b"),
                "{\"type\":\"ping\"}", Frames.delta("c1", "e1", 10, 10, "c"));
    }

    @Test
    void passingTheOutgoingBoundClosesWith4009AndDropsWhatWaits() {
        Connection c = new Connection("x", session, 16 * 1024, 0);
        String big = "x".repeat(1000);
        for (int seq = 1; seq <= 40; seq++) {
            c.send(delta(seq, big));
        }
        assertThat(closes).containsExactly(4009);
        assertThat(c.state()).isEqualTo(Connection.State.CLOSING);
        int before = sent.size();
        c.send(delta(41, "late"));
        assertThat(sent).hasSize(before);
    }

    /**
     * A Jetty session that, inside every call into it, runs {@code onJettyThread} on another thread and waits up
     * to 5 s for it, like Jetty completing a write on its own thread while the caller is still in sendFrame.
     * If the caller held the connection's lock, that thread could not take it: the wait times out.
     */
    private static CoreSession callingBackFromAnotherThread(List<Callback> written, Runnable onJettyThread,
                                                             List<String> timedOut) {
        return (CoreSession) Proxy.newProxyInstance(CoreSession.class.getClassLoader(),
                new Class<?>[] {CoreSession.class}, (proxy, method, args) -> {
                    boolean intoJetty = method.getName().equals("sendFrame") || method.getName().equals("close");
                    if (intoJetty && timedOut.isEmpty()) { // one deadlock is enough to fail
                        if (method.getName().equals("sendFrame")) {
                            written.add((Callback) args[1]);
                        }
                        Thread other = Thread.ofPlatform().start(onJettyThread);
                        other.join(5_000);
                        if (other.isAlive()) {
                            timedOut.add(method.getName());
                        }
                    }
                    return method.getName().equals("isOutputOpen") ? Boolean.TRUE : null;
                });
    }

    @Test
    void aWriteCompletingOnJettysThreadDuringSendFrameDoesNotWaitForTheSender() {
        List<Callback> written = new CopyOnWriteArrayList<>();
        List<String> timedOut = new CopyOnWriteArrayList<>();
        AtomicReference<Connection> connection = new AtomicReference<>();
        Runnable completeOldest = () -> {
            if (!written.isEmpty()) {
                written.removeFirst().succeeded(); // takes the connection's lock to count the write done
            }
            connection.get().pendingBytes();
        };
        Connection c = new Connection("x", callingBackFromAnotherThread(written, completeOldest, timedOut), 1 << 20, 0);
        connection.set(c);
        for (int seq = 1; seq <= 20; seq++) {
            c.send(OutboundFrame.control("{\"type\":\"ping\",\"t\":" + seq + "}"));
        }
        assertThat(timedOut).as("calls into Jetty made while holding the connection's lock").isEmpty();
        assertThat(c.idle()).isTrue();
    }

    @Test
    void closingDoesNotHoldTheLockWhileJettyClosesTheSession() {
        List<String> timedOut = new CopyOnWriteArrayList<>();
        AtomicReference<Connection> connection = new AtomicReference<>();
        Connection c = new Connection("x", callingBackFromAnotherThread(new ArrayList<>(),
                () -> connection.get().send(delta(1, "late")), timedOut), 1 << 20, 0);
        connection.set(c);
        c.close(1001, "server shutting down; reconnect");
        assertThat(timedOut).as("calls into Jetty made while holding the connection's lock").isEmpty();
        assertThat(c.state()).isEqualTo(Connection.State.CLOSING);
    }
}
