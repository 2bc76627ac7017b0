package dev.tether.bench.scenario;

import dev.tether.bench.nio.EventLoop;
import dev.tether.bench.ws.TetherSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Opening many sessions with a bounded number of handshakes in flight, and waiting for many futures. */
final class Clients {
    private Clients() {
    }

    /** Loopback source addresses 127.0.0.1 .. 127.0.0.{@code count}. */
    static List<InetAddress> loopbackSources(int count) {
        List<InetAddress> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            try {
                out.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("127.0.0." + i + " is not an address?", e);
            }
        }
        return out;
    }

    /**
     * Opens {@code n} sessions spread over {@code loops} and {@code sources} (round robin), at most
     * {@code window} handshakes at a time, and waits until every one has its welcome.
     *
     * @throws IllegalStateException if some did not get a welcome within {@code timeout}
     */
    static List<TetherSession> connect(List<EventLoop> loops, InetSocketAddress server, List<InetAddress> sources,
                                       int n, int window, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore inFlight = new Semaphore(window);
        AtomicInteger failed = new AtomicInteger();
        List<TetherSession> sessions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("Only " + i + " of " + n + " connections were opened within " + timeout);
            }
            TetherSession s = TetherSession.connect(loops.get(i % loops.size()), server,
                    sources.isEmpty() ? null : sources.get(i % sources.size()));
            s.welcome().whenComplete((w, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
            sessions.add(s);
        }
        await(sessions.stream().map(TetherSession::welcome).toList(), deadline, "welcome");
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + n + " connections failed the handshake");
        }
        return sessions;
    }

    /** Waits for every future until {@code deadlineNanos}; throws naming {@code what} and how many are missing. */
    static <T> List<T> await(List<CompletableFuture<T>> futures, long deadlineNanos, String what) {
        List<T> out = new ArrayList<>(futures.size());
        int missing = 0;
        Throwable firstFailure = null;
        for (CompletableFuture<T> f : futures) {
            try {
                out.add(f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (Exception e) {
                missing++;
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        if (missing > 0) {
            throw new IllegalStateException(missing + " of " + futures.size() + " '" + what + "' did not arrive in time "
                    + "(first: " + firstFailure + ")", firstFailure);
        }
        return out;
    }

    /** Closes every session politely and waits up to {@code timeout} for the server to answer. */
    static void closeAll(List<TetherSession> sessions, Duration timeout) {
        sessions.forEach(TetherSession::close);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (TetherSession s : sessions) {
            try {
                s.closed().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                s.connection().abort();
            }
        }
    }

    static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}
