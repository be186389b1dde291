package org.affiliateledger.infra.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * The servlet container's error path ({@code /error}): what a filter or the container itself refused with
 * {@code sendError}, or what failed outside Spring MVC's exception handling, answered as problem+json with a code
 * rather than Spring Boot's default JSON or HTML. Replaces Spring Boot's BasicErrorController.
 */
@Hidden
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String text ? text : request.getRequestURI();
        ProblemDetail problem;
        if (status == HttpStatus.NOT_FOUND) {
            problem = ProblemAdvice.routeNotFound(request.getMethod(), path);
        } else {
            String detail = status.is5xxServerError() ? "internal error; it has been logged"
                    : status.getReasonPhrase().toLowerCase() + " (HTTP " + status.value() + ")";
            problem = ProblemCodes.ensureCode(ProblemDetail.forStatusAndDetail(status, detail));
        }
        try {
            problem.setInstance(URI.create(path.isEmpty() ? "/" : path));
        } catch (IllegalArgumentException notAUri) {
            // the path itself was the problem: leave instance out
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
