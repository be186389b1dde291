package org.affiliateledger.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * One blocking HTTP/1.1 keep-alive connection: what a simple API client does, with almost no client-side CPU, so the
 * load generator takes as little as possible from the server it shares the machine with. Reconnects when the server
 * closes (Tomcat does after 100 requests per connection by default). Not thread-safe: one per client thread.
 */
final class HttpConnection implements AutoCloseable {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** @param cookies the {@code Set-Cookie} headers, name=value (attributes dropped); @param location the {@code Location} header */
    record Response(int status, byte[] body, java.util.Map<String, String> cookies, String location) {
        Response(int status, byte[] body) {
            this(status, body, java.util.Map.of(), null);
        }

        String text() {
            return new String(body, UTF_8);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    HttpConnection(int port) {
        this.host = "127.0.0.1";
        this.port = port;
    }

    Response get(String path, String bearer) {
        return exchange("GET", path, bearer, null);
    }

    Response patch(String path, String bearer, String json) {
        return exchange("PATCH", path, bearer, json.getBytes(UTF_8));
    }

    Response delete(String path, String bearer) {
        return exchange("DELETE", path, bearer, null);
    }

    Response post(String path, String bearer, String json) {
        return exchange("POST", path, bearer, json == null ? new byte[0] : json.getBytes(UTF_8));
    }

    /** A browser's GET of a page: {@code Accept: text/html} and the given {@code Cookie} header (may be null). */
    Response page(String path, String cookie) {
        return exchange("GET", path, null, null, "text/html", cookie, null);
    }

    /** A browser's form POST ({@code application/x-www-form-urlencoded}) with the given {@code Cookie} header. */
    Response form(String path, String cookie, String urlEncodedForm) {
        return exchange("POST", path, null, urlEncodedForm.getBytes(UTF_8), "text/html", cookie, "application/x-www-form-urlencoded");
    }

    private Response exchange(String method, String path, String bearer, byte[] body) {
        return exchange(method, path, bearer, body, "application/json", null, "application/json");
    }

    private Response exchange(String method, String path, String bearer, byte[] body, String accept, String cookie,
                              String contentType) {
        try {
            boolean reused = socket != null;
            try {
                return send(method, path, bearer, body, accept, cookie, contentType);
            } catch (EOFException staleKeepAlive) {
                if (!reused) {
                    throw staleKeepAlive;
                }
                close(); // the server closed an idle connection before our request reached it: once more on a new one
                return send(method, path, bearer, body, accept, cookie, contentType);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(method + " " + path + " failed", e);
        }
    }

    private Response send(String method, String path, String bearer, byte[] body, String accept, String cookie,
                          String contentType) throws IOException {
        connect();
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Accept: ").append(accept).append("\r\n");
        if (bearer != null) {
            head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (cookie != null) {
            head.append("Cookie: ").append(cookie).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(US_ASCII);
        byte[] request = body == null ? headBytes : java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
        if (body != null) {
            System.arraycopy(body, 0, request, headBytes.length, body.length);
        }
        out.write(request); // one write, one segment: no Nagle/delayed-ACK stall between head and body
        out.flush();
        return read();
    }

    private Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new EOFException("connection closed before the response");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        java.util.Map<String, String> cookies = new java.util.LinkedHashMap<>();
        String location = null;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String raw = header.substring(colon + 1).trim();
            String value = raw.toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closing = value.contains("close");
                case "location" -> location = raw;
                case "set-cookie" -> {
                    String pair = raw.split(";", 2)[0];
                    int equals = pair.indexOf('=');
                    if (equals > 0) {
                        cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
                    }
                }
                default -> {
                }
            }
        }
        byte[] body = chunked ? chunkedBody() : status == 204 || status == 304 ? new byte[0] : fixedBody(length);
        if (closing) {
            close();
        }
        return new Response(status, body, cookies, location);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            if (sizeLine == null) {
                throw new EOFException("connection closed inside a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers carry nothing we need
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line(); // the CRLF after each chunk
        }
    }

    private byte[] fixedBody(long length) throws IOException {
        if (length < 0) {
            throw new IOException("response without Content-Length or chunked encoding");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new EOFException("connection closed inside the body");
        }
        return body;
    }

    /** One CRLF-terminated header line, or null at end of stream. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    private void connect() throws IOException {
        if (socket != null) {
            return;
        }
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(900_000); // a reconciliation of the whole bench store can take minutes on a loaded machine
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
            socket = null;
        }
    }
}
