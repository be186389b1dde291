package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The screens the navigation already names but that are not built yet: each says so instead of a 404. Remove a path
 * here when its own controller lands.
 */
@Controller
@Hidden
public class UiPlaceholderController {

    @GetMapping({"/ui/finance"})
    public String notYet(HttpServletRequest request, Model model) {
        String path = request.getRequestURI();
        String screen = UiContext.SCREENS.stream().filter(s -> s[1].equals(path)).map(s -> s[0]).findFirst().orElse("This screen");
        model.addAttribute("screen", screen);
        return "ui/placeholder";
    }
}
