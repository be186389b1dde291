package org.affiliateledger.infra.consistency;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.events.common.InvalidRequestException;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.util.OptionalLong;

/**
 * The consistency token of the API. A write that recorded events answers {@code X-Ledger-Position: <n>}; a read that
 * sends it back waits (bounded) until every read model has processed position n, so it sees that write (and
 * everything before it). Reads by id do not need it to find what was just created (see TenantReads#one).
 */
@ControllerAdvice
public class LedgerPositionHeader implements ResponseBodyAdvice<Object>, WebMvcConfigurer {
    public static final String HEADER = "X-Ledger-Position";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LedgerPositionHeader.class);

    private final WritePositions writes;
    private final ReadModelPositions reads;

    public LedgerPositionHeader(WritePositions writes, ReadModelPositions reads) {
        this.writes = writes;
        this.reads = reads;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        var attributes = RequestContextHolder.getRequestAttributes();
        if (attributes != null && !"GET".equals(request.getMethod().name())) {
            try {
                OptionalLong position = writes.positionOf(attributes);
                if (position.isPresent()) {
                    response.getHeaders().set(HEADER, Long.toString(position.getAsLong()));
                }
            } catch (RuntimeException e) {
                // the answer is what matters: without the header a client only loses its consistency token
                log.warn("could not determine the event-store position of {} {}", request.getMethod(), request.getURI().getPath(), e);
            }
        }
        return body;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String given = request.getHeader(HEADER);
                if (given != null && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
                    long position;
                    try {
                        position = Long.parseLong(given.strip());
                    } catch (NumberFormatException e) {
                        throw new InvalidRequestException(HEADER + " must be the number a write answered in it, got \""
                                + given + "\"").withCode("invalid_position");
                    }
                    reads.awaitPosition(position);
                }
                return true;
            }
        }).addPathPatterns("/api/v1/**", "/admin/v1/**");
    }
}
