package org.affiliateledger.infra.web;

import org.springframework.http.ProblemDetail;

/**
 * Every problem+json the ledger writes carries a stable, machine-readable {@code code}. Refusals that a client may
 * want to tell apart name their own (see the README's list); anything else gets the code of its status.
 */
public final class ProblemCodes {
    public static final String PROPERTY = "code";

    private ProblemCodes() {
    }

    public static ProblemDetail withCode(ProblemDetail problem, String code) {
        problem.setProperty(PROPERTY, code);
        return problem;
    }

    /** Adds the status's code unless the problem already names one. */
    public static ProblemDetail ensureCode(ProblemDetail problem) {
        if (problem.getProperties() == null || !problem.getProperties().containsKey(PROPERTY)) {
            problem.setProperty(PROPERTY, forStatus(problem.getStatus()));
        }
        return problem;
    }

    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "body_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 422 -> "unprocessable";
            case 429 -> "rate_limited";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "client_error";
        };
    }
}
