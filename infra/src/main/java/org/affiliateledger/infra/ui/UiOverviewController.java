package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /ui}: the overview. */
@Controller
@Hidden
public class UiOverviewController {

    @GetMapping({"/ui", "/ui/"})
    public String overview() {
        return "ui/overview";
    }
}
