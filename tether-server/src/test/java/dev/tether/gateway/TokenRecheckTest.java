package dev.tether.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.live.Frames;
import dev.tether.live.OutboundFrame;
import dev.tether.store.StoreException;
import dev.tether.store.TokenOwner;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.junit.jupiter.api.Test;

/** The periodic check for revoked tokens, on connections whose Jetty session records what it is asked to do. */
class TokenRecheckTest {
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** Per connection id: the frames handed to Jetty, and "close CODE" when closed, in order. */
    private final Map<String, List<String>> wire = new ConcurrentHashMap<>();

    private Connection connection(String id) {
        List<String> log = new CopyOnWriteArrayList<>();
        wire.put(id, log);
        CoreSession session = (CoreSession) Proxy.newProxyInstance(CoreSession.class.getClassLoader(),
                new Class<?>[] {CoreSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sendFrame" -> {
                        log.add(((Frame) args[0]).getPayloadAsUTF8()); // never completed: stays in flight
                        yield null;
                    }
                    case "close" -> {
                        if (args != null && args.length == 3) {
                            log.add("close " + args[0]);
                        }
                        yield null;
                    }
                    default -> null;
                });
        Connection c = new Connection(id, session, 1 << 20, 0);
        connections.put(id, c);
        return c;
    }

    /** A connection past its hello, signed in with {@code tokenId}; a new String each, as the store returns them. */
    private Connection open(String id, String user, String tokenId) {
        Connection c = connection(id);
        c.open(user, new String(tokenId));
        return c;
    }

    private TokenRecheck recheck(Function<Set<String>, Set<String>> revokedAmong) {
        Authenticator auth = new Authenticator() {
            @Override
            public Optional<TokenOwner> authenticate(Optional<String> token) {
                return Optional.empty();
            }

            @Override
            public Set<String> revokedAmong(Set<String> tokenIds) {
                return revokedAmong.apply(tokenIds);
            }
        };
        return new TokenRecheck(auth, connections::values);
    }

    @Test
    void asksOnceAboutTheDistinctTokensOfOpenConnectionsAndClosesOnlyThoseOfARevokedToken() {
        Connection phone = open("phone", "ada", "tok-a");
        Connection phone2 = open("phone2", "ada", "tok-a");
        Connection laptop = open("laptop", "ada", "tok-b");
        Connection bob = open("bob", "bob", "tok-c");
        Connection greeting = connection("greeting"); // no hello yet
        List<Set<String>> asked = new CopyOnWriteArrayList<>();

        int closed = recheck(ids -> {
            asked.add(Set.copyOf(ids));
            return Set.of("tok-a");
        }).check();

        assertThat(asked).containsExactly(Set.of("tok-a", "tok-b", "tok-c"));
        assertThat(closed).isEqualTo(2);
        for (Connection c : List.of(phone, phone2)) {
            assertThat(c.state()).isEqualTo(Connection.State.CLOSING);
            assertThat(wire.get(c.id)).hasSize(2).last().isEqualTo("close 4001");
            assertThat(wire.get(c.id).getFirst()).contains("\"code\":\"unauthorized\"")
                    .contains("The access token tok-a of user 'ada' was revoked")
                    .contains("'tether token create --user ada'");
        }
        for (Connection c : List.of(laptop, bob, greeting)) {
            assertThat(c.state()).isNotEqualTo(Connection.State.CLOSING);
            assertThat(wire.get(c.id)).isEmpty();
        }
        assertThat(phone.tokenId()).isSameAs(phone2.tokenId()); // one shared string per token, however many connections
    }

    @Test
    void aStoreFailureClosesNothingAndTheNextCheckTriesAgain() {
        Connection phone = open("phone", "ada", "tok-a");
        Connection laptop = open("laptop", "ada", "tok-b");
        AtomicInteger calls = new AtomicInteger();
        TokenRecheck recheck = recheck(ids -> {
            if (calls.incrementAndGet() == 1) {
                throw new StoreException("revokedAmong failed on SQLite database /x: database is locked");
            }
            return Set.of("tok-a");
        });

        assertThat(recheck.check()).isZero();
        assertThat(wire.get("phone")).isEmpty();
        assertThat(phone.state()).isEqualTo(Connection.State.OPEN);

        assertThat(recheck.check()).isEqualTo(1);
        assertThat(wire.get("phone")).last().isEqualTo("close 4001");
        assertThat(laptop.state()).isEqualTo(Connection.State.OPEN);
    }

    @Test
    void withoutTokensNothingIsAsked() {
        open("local", "local", ""); // auth "none": Authenticator.none() signs in without a token
        AtomicInteger calls = new AtomicInteger();

        assertThat(recheck(ids -> {
            calls.incrementAndGet();
            return ids;
        }).check()).isZero();
        assertThat(calls).hasValue(0);
    }

    @Test
    void theReasonGoesOutBeforeTheCloseEvenWhileTheConnectionIsBackedUp() {
        Connection busy = open("busy", "ada", "tok-a");
        for (int i = 0; i < 20; i++) { // 8 in flight, the rest waiting here
            busy.send(OutboundFrame.control(Frames.object("ping", g -> g.writeNumberField("t", 1))));
        }

        recheck(ids -> ids).check();

        List<String> log = wire.get("busy");
        assertThat(log).hasSize(Connection.MAX_IN_FLIGHT + 2);
        assertThat(log.get(Connection.MAX_IN_FLIGHT)).contains("\"code\":\"unauthorized\"");
        assertThat(log.getLast()).isEqualTo("close 4001");
    }

    @Test
    void checksRunOnAVirtualThreadOneAtATimeAndNeverHoldTheCaller() throws Exception {
        open("phone", "ada", "tok-a");
        CountDownLatch asking = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        List<Boolean> virtual = new CopyOnWriteArrayList<>();
        TokenRecheck recheck = recheck(ids -> {
            calls.incrementAndGet();
            virtual.add(Thread.currentThread().isVirtual());
            asking.countDown();
            try {
                answer.await(10, TimeUnit.SECONDS); // a slow store
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Set.of();
        });

        recheck.start(); // returns at once, like the heartbeat timer needs
        assertThat(asking.await(10, TimeUnit.SECONDS)).isTrue();
        recheck.start();
        recheck.start();
        assertThat(calls).hasValue(1);

        answer.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            recheck.start(); // a later interval's check starts once the slow one is done
            return calls.get() >= 2;
        });
        assertThat(virtual).containsOnly(true);
    }
}
