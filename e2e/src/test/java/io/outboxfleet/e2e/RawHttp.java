package io.outboxfleet.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so a test can send what well-behaved clients refuse to: raw bytes
 * in headers, CR/LF injection, oversized headers, a body that is not what its Content-Type says.
 * Bounded: a 10 s read timeout, and at most 64 KiB of answer are read.
 */
final class RawHttp {

    /** An answer: status, header names lower case, body as text. */
    record Answer(int status, Map<String, String> headers, String body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttp() {}

    static Answer send(String baseUrl, byte[] requestHead, byte[] body) {
        URI uri = URI.create(baseUrl);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead);
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("no HTTP answer: " + e.getMessage(), e);
        }
    }

    /** A request head: method, target, the given header lines (raw), and the body's length. */
    static byte[] head(String method, String target, String headerLines, byte[] body) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] start =
                (method
                                + " "
                                + target
                                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                + "Content-Length: "
                                + body.length
                                + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
        head.writeBytes(start);
        head.writeBytes(headerLines.getBytes(StandardCharsets.ISO_8859_1));
        head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return head.toByteArray();
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while (all.size() < 65536 && (n = in.read(buffer)) > 0) {
            all.write(buffer, 0, n);
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ");
        if (statusLine.length < 2) {
            throw new IllegalStateException("not an HTTP answer: " + lines[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        String body = end < 0 ? "" : text.substring(end + 4);
        return new Answer(Integer.parseInt(statusLine[1]), headers, body);
    }
}
