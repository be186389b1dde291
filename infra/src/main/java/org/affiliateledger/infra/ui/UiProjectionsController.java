package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.affiliateledger.infra.admin.ProjectionAdminController;
import org.affiliateledger.infra.security.AdminTokenFilter;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /ui/projections}: the operator's view of the projections (how far each has read, a rebuild's progress) and the
 * rebuild itself, through the operator API's own {@link ProjectionAdminController}. Like the history's verify, each
 * request needs the admin token typed into its form: it is checked for that request and dropped, never stored, put in
 * the session or sent back. The rebuild also needs a key with the {@code admin} scope ({@link UiScopes}).
 */
@Controller
@Hidden
@RequestMapping("/ui/projections")
public class UiProjectionsController {
    static final String WRONG_TOKEN = "That is not the operator's admin token (LEDGER_ADMIN_TOKEN): nothing was read or changed.";
    private final ProjectionAdminController operator;
    private final AdminTokenFilter adminToken;

    public UiProjectionsController(ProjectionAdminController operator, AdminTokenFilter adminToken) {
        this.operator = operator;
        this.adminToken = adminToken;
    }

    @GetMapping
    public String page() {
        return "ui/projections";
    }

    /** Reads only: every projection's position against the event store's head, and a rebuild's progress. */
    @PostMapping("/status")
    public String status(HttpServletResponse response, Model model,
                         @RequestParam(name = "admin_token", required = false) String token) {
        if (!adminToken.accepts(token)) {
            return refused(response, model);
        }
        model.addAttribute("projections", operator.list());
        return "ui/projections";
    }

    /** Empties a projection's read model (or all of them) and replays every event into it; answers at once. */
    @PostMapping("/rebuild")
    public String rebuild(HttpServletResponse response, Model model,
                          @RequestParam(name = "admin_token", required = false) String token,
                          @RequestParam(required = false) String name) {
        if (!adminToken.accepts(token)) {
            return refused(response, model);
        }
        String target = name == null || name.isBlank() ? null : name.strip();
        operator.rebuild(target); // an unknown name is a 404, a busy projection a 409: the error page says which
        model.addAttribute("rebuilt", target == null ? "every projection" : target);
        model.addAttribute("projections", operator.list());
        return "ui/projections";
    }

    private static String refused(HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        model.addAttribute("tokenError", WRONG_TOKEN);
        return "ui/projections";
    }
}
