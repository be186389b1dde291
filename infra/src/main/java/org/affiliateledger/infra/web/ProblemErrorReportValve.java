package org.affiliateledger.infra.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Tomcat answers some requests before Spring ever sees them: a request line longer than the header buffer, headers
 * that overflow it, a malformed URL or header. Its own error page for those is HTML; this valve (the host's error
 * report valve, see {@link TomcatErrorConfig}) answers them with problem+json and a stable code instead. Tomcat
 * reports both overflows as a 400 "Request header is too large": an overflow before the request's URL was complete is
 * a 414 (the URL is too long), after it a 431 (the headers are too large).
 */
public class ProblemErrorReportValve extends ErrorReportValve {
    static final String TOO_LARGE = "Request header is too large";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String code;
        String detail;
        if (status == 400 && throwable != null && throwable.getMessage() != null && throwable.getMessage().contains(TOO_LARGE)) {
            if (requestLineComplete(request)) {
                status = 431;
                code = "headers_too_large";
                detail = "the request headers are too large (request line and headers together are limited by "
                        + "LEDGER_MAX_HEADER_BYTES): send fewer or shorter headers";
            } else {
                status = 414;
                code = "uri_too_long";
                detail = "the URL is too long (request line and headers together are limited by LEDGER_MAX_HEADER_BYTES): "
                        + "shorten the query, or send the data in a JSON body";
            }
        } else {
            code = ProblemCodes.forStatus(status);
            detail = status == 400
                    ? "the request is malformed (an invalid character in the URL or a header, or a broken HTTP message)"
                    : "the request could not be served (HTTP " + status + ")";
        }
        write(request, response, status, code, detail);
    }

    /** Tomcat fills in the protocol to answer; the URI stays unset when the overflow came before its end. */
    private static boolean requestLineComplete(Request request) {
        return !request.getCoyoteRequest().requestURI().isNull();
    }

    private static void write(Request request, Response response, int status, String code, String detail) {
        try {
            response.setStatus(status);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            String body = "{\"type\":\"about:blank\",\"title\":" + quote(reason(status)) + ",\"status\":" + status
                    + ",\"detail\":" + quote(detail) + ",\"code\":" + quote(code) + "}";
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away; nothing to tell it
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
