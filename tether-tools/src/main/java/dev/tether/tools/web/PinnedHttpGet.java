package dev.tether.tools.web;

import dev.tether.api.CancelSignal;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 GET sent to an address chosen by the caller, never to whatever the host name resolves to at
 * connect time: this is what makes the address check immune to DNS rebinding. For https the TLS handshake
 * still uses the URL's host name for SNI and certificate verification. Every read is bounded by the
 * {@link Deadline}; closing the socket on cancel unblocks a pending read.
 */
final class PinnedHttpGet {
    private static final Logger LOG = LoggerFactory.getLogger(PinnedHttpGet.class);
    private static final Pattern DOTTED_IPV4 = Pattern.compile("[0-9.]+");
    private final SocketConnector connector;
    private final long maxBytes;

    PinnedHttpGet(SocketConnector connector, long maxBytes) {
        this.connector = connector;
        this.maxBytes = maxBytes;
    }

    RawResponse get(TargetUrl url, InetAddress address, Deadline deadline, CancelSignal cancel)
            throws IOException {
        Socket plain = connector.connect(new InetSocketAddress(address, url.port()),
                Duration.ofMillis(deadline.remainingMillis()));
        CancelSignal.Registration onCancel = cancel.onCancel(() -> closeQuietly(plain));
        try (plain) {
            Socket socket = url.secure() ? tls(plain, url, deadline) : plain;
            try (socket) {
                OutputStream out = socket.getOutputStream();
                out.write(request(url));
                out.flush();
                InputStream in = new BufferedInputStream(new DeadlineInputStream(socket, deadline));
                return ResponseReader.read(in, maxBytes);
            }
        } finally {
            onCancel.close();
        }
    }

    private static byte[] request(TargetUrl url) {
        return ("GET " + url.requestTarget() + " HTTP/1.1\r\n"
                + "Host: " + url.hostHeader() + "\r\n"
                + "User-Agent: Tether-web_fetch/0.1\r\n"
                + "Accept: text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.9,*/*;q=0.5\r\n"
                + "Accept-Encoding: gzip\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static Socket tls(Socket plain, TargetUrl url, Deadline deadline) throws IOException {
        SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
        SSLSocket ssl = (SSLSocket) factory.createSocket(plain, url.tlsHost(), url.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!url.host().startsWith("[") && !DOTTED_IPV4.matcher(url.host()).matches()) {
            parameters.setServerNames(List.of(new SNIHostName(url.tlsHost())));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(deadline.remainingMillis());
        ssl.startHandshake();
        return ssl;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a cancelled web_fetch socket failed", e);
        }
    }

    /** Sets the socket's read timeout to what is left of the deadline before every read. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final Deadline deadline;

        DeadlineInputStream(Socket socket, Deadline deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(deadline.remainingMillis());
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            socket.setSoTimeout(deadline.remainingMillis());
            return in.read(buffer, offset, length);
        }
    }
}
