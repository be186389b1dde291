package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import org.affiliateledger.events.common.InvalidRequestException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The global "as of" control: the viewer picks a local date and time (the page's script adds the browser's offset from
 * UTC), and lands on the same screen with {@code ?as_of=<UTC instant>}, a link that can be shared; "now" drops it.
 */
@Controller
@Hidden
public class UiAsOfController {

    @GetMapping("/ui/as-of")
    public String travel(@RequestParam(required = false) String at,
                         @RequestParam(name = "offset_minutes", required = false) Integer offsetMinutes,
                         @RequestParam(required = false) String back) {
        String target = UiLoginController.safeNext(back);
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(target).replaceQueryParam("as_of").replaceQueryParam("cursor");
        if (at == null || at.isBlank()) {
            return "redirect:" + uri.build().encode().toUriString();
        }
        Instant instant;
        try {
            // JavaScript's getTimezoneOffset(): minutes to ADD to local time to reach UTC
            int offset = offsetMinutes == null ? 0 : offsetMinutes;
            instant = LocalDateTime.parse(at.strip()).toInstant(ZoneOffset.UTC).plusSeconds(offset * 60L);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidRequestException("as of must be a date and time such as 2026-03-31T23:59; got \"" + at + "\"")
                    .withCode("invalid_instant");
        }
        UiAdvice.asOf(instant.toString()); // refuses the future, as the API does
        return "redirect:" + uri.replaceQueryParam("as_of", instant.toString()).build().encode().toUriString();
    }
}
