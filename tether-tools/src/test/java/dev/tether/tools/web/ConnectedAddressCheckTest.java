package dev.tether.tools.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tools.web.NetworkFakes.RecordingSockets;
import java.io.IOException;
import java.net.Proxy;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The second line of defence, tested alone: a client whose DNS check was bypassed still sends nothing. */
@Timeout(30)
class ConnectedAddressCheckTest {

    private static OkHttpClient client(AddressPolicy policy, RecordingSockets sockets) {
        return new OkHttpClient.Builder()
                .dns(host -> List.of(NetworkFakes.ip("127.0.0.1"))) // unchecked on purpose
                .addNetworkInterceptor(new ConnectedAddressCheck(policy))
                .proxy(Proxy.NO_PROXY)
                .socketFactory(sockets)
                .build();
    }

    @Test
    void refusesARequestOnAConnectionToABlockedAddressBeforeItIsSent() throws IOException {
        RecordingSockets sockets = new RecordingSockets();
        try (LoopbackServer server = new LoopbackServer()) {
            server.text("/secret", "text/plain", "secret");
            Request request = new Request.Builder().url("http://bypass.test:" + server.port() + "/secret").build();
            assertThatThrownBy(() -> client(AddressPolicy.publicOnly(), sockets).newCall(request).execute())
                    .isInstanceOf(RefusedAddressException.class)
                    .hasMessage("host 'bypass.test' is connected to 127.0.0.1, which is loopback (127.0.0.0/8)");
            assertThat(sockets.hosts()).containsExactly("127.0.0.1");
            assertThat(server.seen()).isEmpty();
        }
    }

    @Test
    void letsAnAllowedConnectionThrough() throws IOException {
        try (LoopbackServer server = new LoopbackServer()) {
            server.text("/ok", "text/plain", "fine");
            Request request = new Request.Builder().url("http://bypass.test:" + server.port() + "/ok").build();
            try (Response response = client(NetworkFakes.publicExceptLoopbackOne(), new RecordingSockets())
                    .newCall(request).execute()) {
                assertThat(response.body().string()).isEqualTo("fine");
            }
        }
    }
}
