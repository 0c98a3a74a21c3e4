package io.outboxfleet.command.changes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * An SSE client that opens its stream and then stops reading, like a browser tab on a stalled
 * network: its socket has a small receive buffer, so the server's writes block soon. {@link
 * #resume} reads what the server still sends, up to the end of the stream, within a bound.
 */
final class StalledSseClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Socket socket = new Socket();

    StalledSseClient(int port, String query, String token) throws IOException {
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.getOutputStream()
                .write(
                        ("GET /api/changes?"
                                        + query
                                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        + "Accept: text/event-stream\r\nConnection: close\r\n"
                                        + "Authorization: Bearer "
                                        + token
                                        + "\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /**
     * Reads until the server closes the connection; fails when a read waits longer than {@code
     * silence} or the whole takes longer than {@code bound}.
     *
     * @return the events of the stream, in order
     */
    List<SseClient.Event> resume(Duration silence, Duration bound) throws IOException {
        socket.setSoTimeout((int) silence.toMillis());
        long deadline = System.nanoTime() + bound.toNanos();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                raw.write(buffer, 0, n);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the stream did not end within " + bound);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException(
                    "the server sent nothing for "
                            + silence
                            + " and did not close the stream; "
                            + raw.size()
                            + " bytes read",
                    e);
        }
        return events(dechunk(raw.toByteArray()));
    }

    /** The body of a chunked HTTP/1.1 response (the status line and headers dropped). */
    private static String dechunk(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\r\n\r\n") + 4;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (at < text.length()) {
            int eol = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, eol).strip(), 16);
            if (size == 0) {
                break;
            }
            body.write(response, eol + 2, size);
            at = eol + 2 + size + 2;
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static List<SseClient.Event> events(String body) {
        List<SseClient.Event> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String name = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (!data.isEmpty()) {
                events.add(new SseClient.Event(name, id, JSON.readTree(data.toString())));
            }
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
