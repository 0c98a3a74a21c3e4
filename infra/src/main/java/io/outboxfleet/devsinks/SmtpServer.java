package io.outboxfleet.devsinks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A small SMTP server (RFC 5321 subset) that accepts every message for anyone, with any or no
 * login, and hands each one, raw, to a consumer. One thread per connection, at most {@link
 * #MAX_CONNECTIONS}; a connection is reused for any number of messages, so a client keeping its
 * transport open costs one round trip per command and nothing else.
 *
 * <p>Supported: HELO, EHLO, AUTH PLAIN and LOGIN (any credentials), MAIL, RCPT, DATA (with dot
 * un-stuffing), RSET, NOOP, VRFY, QUIT. No STARTTLS, no PIPELINING. A message over {@link
 * #MAX_MESSAGE_BYTES} is refused with 552.
 */
final class SmtpServer {

    static final int MAX_CONNECTIONS = 64;
    static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
    private static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int IDLE_TIMEOUT_MS = 5 * 60 * 1000;

    /** One received message: the envelope and the raw RFC 5322 text. */
    record Received(String mailFrom, List<String> rcptTo, byte[] raw) {}

    private final InetSocketAddress address;
    private final Consumer<Received> onMessage;
    private final ThreadPoolExecutor sessions;
    private volatile ServerSocket server;
    private Thread acceptor;

    SmtpServer(String host, int port, Consumer<Received> onMessage) {
        this.address = new InetSocketAddress(host, port);
        this.onMessage = onMessage;
        this.sessions =
                new ThreadPoolExecutor(
                        0,
                        MAX_CONNECTIONS,
                        30,
                        TimeUnit.SECONDS,
                        new SynchronousQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "smtp-session");
                            t.setDaemon(true);
                            return t;
                        });
    }

    void start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, DevSinks.ACCEPT_BACKLOG);
        server = socket;
        acceptor = new Thread(this::acceptLoop, "smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        sessions.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                SinkLog.line("smtp accept failed: " + e.getMessage());
                continue;
            }
            try {
                sessions.execute(() -> session(client));
            } catch (RejectedExecutionException e) {
                refuse(client);
            }
        }
    }

    private static void refuse(Socket client) {
        try (client) {
            client.getOutputStream()
                    .write(
                            "421 too many connections, try again later\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    private void session(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            client.setSoTimeout(IDLE_TIMEOUT_MS);
            new Session(client.getInputStream(), client.getOutputStream()).run();
        } catch (SocketException e) {
            // the client hung up or timed out: nothing to record
        } catch (IOException e) {
            SinkLog.line("smtp session failed: " + e.getMessage());
        }
    }

    /** The state of one connection. */
    private final class Session {

        private final InputStream in;
        private final OutputStream out;
        private String mailFrom;
        private final List<String> rcptTo = new ArrayList<>();

        Session(InputStream in, OutputStream out) {
            this.in = new java.io.BufferedInputStream(in, 16 * 1024);
            this.out = new java.io.BufferedOutputStream(out, 1024);
        }

        void run() throws IOException {
            reply("220 " + hostName() + " fleet dev SMTP sink ready");
            String line;
            while ((line = readLine()) != null) {
                String verb = verb(line);
                switch (verb) {
                    case "EHLO" ->
                            reply(
                                    "250-"
                                            + hostName()
                                            + "\r\n250-8BITMIME\r\n250-SIZE "
                                            + MAX_MESSAGE_BYTES
                                            + "\r\n250-AUTH PLAIN LOGIN\r\n250 OK");
                    case "HELO" -> reply("250 " + hostName());
                    case "AUTH" -> auth(line);
                    case "MAIL" -> {
                        mailFrom = argument(line);
                        rcptTo.clear();
                        reply("250 OK");
                    }
                    case "RCPT" -> {
                        if (mailFrom == null) {
                            reply("503 MAIL first");
                        } else {
                            rcptTo.add(argument(line));
                            reply("250 OK");
                        }
                    }
                    case "DATA" -> data();
                    case "RSET" -> {
                        mailFrom = null;
                        rcptTo.clear();
                        reply("250 OK");
                    }
                    case "NOOP" -> reply("250 OK");
                    case "VRFY" -> reply("252 cannot verify, will accept");
                    case "QUIT" -> {
                        reply("221 bye");
                        return;
                    }
                    default -> reply("500 unknown command");
                }
            }
        }

        private void auth(String line) throws IOException {
            String[] parts = line.trim().split("\\s+");
            String mechanism = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
            if (mechanism.equals("PLAIN")) {
                if (parts.length < 3 && readAnswer("334 ") == null) {
                    return;
                }
            } else if (mechanism.equals("LOGIN")) {
                if (parts.length < 3 && readAnswer("334 VXNlcm5hbWU6") == null) {
                    return;
                }
                if (readAnswer("334 UGFzc3dvcmQ6") == null) {
                    return;
                }
            } else {
                reply("504 unsupported authentication mechanism");
                return;
            }
            reply("235 authenticated");
        }

        private String readAnswer(String challenge) throws IOException {
            reply(challenge);
            return readLine();
        }

        private void data() throws IOException {
            if (mailFrom == null || rcptTo.isEmpty()) {
                reply("503 MAIL and RCPT first");
                return;
            }
            reply("354 end data with <CR><LF>.<CR><LF>");
            ByteArrayOutputStream message = new ByteArrayOutputStream(4096);
            boolean tooBig = false;
            byte[] line;
            while ((line = readRawLine()) != null) {
                if (line.length == 1 && line[0] == '.') {
                    break;
                }
                int from = line.length > 0 && line[0] == '.' ? 1 : 0;
                if (message.size() + line.length + 2 > MAX_MESSAGE_BYTES) {
                    tooBig = true;
                    continue;
                }
                message.write(line, from, line.length - from);
                message.write('\r');
                message.write('\n');
            }
            if (line == null) {
                return;
            }
            if (tooBig) {
                reply("552 message exceeds " + MAX_MESSAGE_BYTES + " bytes");
            } else {
                onMessage.accept(
                        new Received(mailFrom, List.copyOf(rcptTo), message.toByteArray()));
                reply("250 OK queued");
            }
            mailFrom = null;
            rcptTo.clear();
        }

        private String readLine() throws IOException {
            byte[] raw = readRawLine();
            return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
        }

        /** One line without its CRLF (a bare LF ends a line too), or null at end of stream. */
        private byte[] readRawLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length;
                    if (length > 0 && bytes[length - 1] == '\r') {
                        length--;
                    }
                    return java.util.Arrays.copyOf(bytes, length);
                }
                if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                }
            }
            return null;
        }

        private void reply(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.write('\r');
            out.write('\n');
            out.flush();
        }
    }

    private static String verb(String line) {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).trim().toUpperCase(Locale.ROOT);
    }

    /** The address in {@code MAIL FROM:<a@b> SIZE=1} or {@code RCPT TO:<a@b>}, without brackets. */
    private static String argument(String line) {
        int colon = line.indexOf(':');
        String rest = colon < 0 ? "" : line.substring(colon + 1).trim();
        int open = rest.indexOf('<');
        int close = rest.indexOf('>');
        if (open >= 0 && close > open) {
            return rest.substring(open + 1, close);
        }
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }

    private static String hostName() {
        return InetAddress.getLoopbackAddress().getHostName();
    }
}
