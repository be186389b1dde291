package org.affiliateledger.infra.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.ClientAbortException;
import org.affiliateledger.command.support.ConcurrentChanges;
import org.affiliateledger.infra.db.DatabaseOutages;
import org.affiliateledger.infra.db.DatabaseUnavailable;
import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.lang.reflect.RecordComponent;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every error is RFC 9457 problem+json with a message a person can act on; a 500 never carries internals.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(LedgerException.class)
    ProblemDetail ledger(LedgerException e) {
        return ProblemCodes.withCode(ProblemDetail.forStatusAndDetail(statusOf(e), e.getMessage()), e.code());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail aggregateNotFound(AggregateNotFoundException e) {
        return ProblemCodes.withCode(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getAggregateIdentifier() + " not found"),
                "not_found");
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrent(ConcurrencyException e) {
        return ProblemCodes.withCode(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "the resource was changed by another request at the same moment; retry"), "concurrent_change");
    }

    /** Raised by distributed command buses (Axon Server): the cause or details carry what the handler refused. */
    @ExceptionHandler(CommandExecutionException.class)
    ProblemDetail commandFailed(CommandExecutionException e, HttpServletResponse response) {
        if (e.getCause() instanceof LedgerException ledger) {
            return ledger(ledger);
        }
        return unexpected(e, response);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = BodyProblems.expected(e.getName(), e.getRequiredType());
        return ProblemCodes.withCode(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getName() + " " + expected),
                "invalid_request");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletResponse response) {
        if (ConcurrentChanges.isConcurrentChange(e)) {
            return concurrent(null);
        }
        if (DatabaseOutages.isOutage(e)) {
            // a connection not acquired in time, or a statement or commit broken mid-flight: retry, never a 500
            log.warn("answered 503, the database is unavailable: {}", e.toString());
            response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
            return DatabaseUnavailable.problem();
        }
        if (clientWentAway(e)) {
            // the client closed the connection (a browser leaving a page, curl interrupted): nobody is left to answer
            log.debug("the client closed the connection before its answer was written: {}", e.toString());
            return null;
        }
        log.error("unexpected error", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; it has been logged");
    }

    /**
     * Only the servlet container's own word that the client's connection is gone: a dropped database connection also
     * ends in an EOFException or "connection reset", so message heuristics (Spring's DisconnectedClientHelper) would
     * answer a database outage with an empty 200; outages are recognised before this is asked.
     */
    static boolean clientWentAway(Throwable error) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof ClientAbortException || t instanceof AsyncRequestNotUsableException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Class<?> target = e.getParameter().getParameterType();
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(error -> wireName(target, error) + " " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(e, BodyProblems.of(e), headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Says what to send rather than quoting what was sent (curl -d without -H sends a form encoding). */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e, HttpHeaders headers,
                                                                     HttpStatusCode status, WebRequest request) {
        String sent = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String detail = sent == null || sent.isBlank()
                ? "the request has no Content-Type: send a JSON body with Content-Type: application/json"
                : "this endpoint takes a JSON body, not " + baseType(sent) + ": send Content-Type: application/json";
        ProblemDetail problem = ProblemCodes.withCode(
                ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail), "unsupported_media_type");
        return handleExceptionInternal(e, problem, headers, HttpStatus.UNSUPPORTED_MEDIA_TYPE, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "/" + e.getResourcePath();
        return handleExceptionInternal(e, routeNotFound(e.getHttpMethod().name(), path), headers, HttpStatus.NOT_FOUND, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException e, HttpHeaders headers,
                                                                   HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(e, routeNotFound(e.getHttpMethod(), e.getRequestURL()), headers, HttpStatus.NOT_FOUND, request);
    }

    static ProblemDetail routeNotFound(String method, String path) {
        return ProblemCodes.withCode(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "there is no route " + method
                + " " + path + ": check the path and method against the OpenAPI document at /api/v1/openapi "
                + "(browsable at /api/v1/docs)"), "route_not_found");
    }

    private static String baseType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip();
    }

    /** Bean validation names the Java component; clients know the snake_case JSON name. */
    private static String wireName(Class<?> target, FieldError error) {
        return wireName(target, error.getField());
    }

    /** The snake_case JSON name of a request record's component (the dashboard's forms report problems by it too). */
    public static String wireName(Class<?> target, String field) {
        if (target.isRecord()) {
            for (RecordComponent component : target.getRecordComponents()) {
                // @JsonProperty cannot target record components; Java copies it onto the accessor
                JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
                if (component.getName().equals(field) && property != null) {
                    return property.value();
                }
            }
        }
        return field;
    }

    public static HttpStatus statusOf(LedgerException e) {
        if (e instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        }
        if (e instanceof DuplicateException || e instanceof StateConflictException) {
            return HttpStatus.CONFLICT;
        }
        if (e instanceof UnprocessableException) {
            return HttpStatus.UNPROCESSABLE_CONTENT;
        }
        return HttpStatus.BAD_REQUEST;
    }
}
