package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InstantParam;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.webhook.PublicEventTypes;
import org.affiliateledger.command.webhook.WebhookCommands;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController;
import org.affiliateledger.events.webhook.RecoverSince;
import org.affiliateledger.query.webhook.WebhookEndpointQueryController.EndpointView;
import org.affiliateledger.query.webhook.WebhookEventCatalog;
import org.affiliateledger.query.webhook.WebhookMessageController.Attempt;
import org.affiliateledger.query.webhook.WebhookMessageController.Delivery;
import org.affiliateledger.query.webhook.WebhookMessageController.Message;
import org.affiliateledger.query.webhook.WebhookQueries;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code /ui/webhooks}, the replay UI: endpoints with their health (enable, disable, create, rotate the secret — shown
 * once —, send a test event, recover what failed since a time after showing how many), the message log with its
 * filters, one message with every attempt (request headers and body, response) and replay, and the event catalog.
 * Reads go through {@link WebhookQueries} and actions through {@link WebhookCommands}, exactly as the API's webhook
 * endpoints do. Endpoint actions need {@code admin} (as {@code /api/v1/webhook-endpoints} writes do), replay {@code write}.
 */
@Controller
@Hidden
@RequestMapping("/ui/webhooks")
public class UiWebhooksController {
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private final WebhookQueries queries;
    private final WebhookCommands commands;

    public UiWebhooksController(WebhookQueries queries, WebhookCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    /** A message as the page shows it: attempts up to the past view's instant, and its body pretty-printed. */
    public record MessagePage(Message message, String body, List<Delivery> deliveries, boolean inFlight) {
    }

    @GetMapping
    public String list(HttpServletRequest request, Model model,
                       @RequestParam(required = false) String type,
                       @RequestParam(required = false) String status,
                       @RequestParam(required = false) String endpoint,
                       @RequestParam(required = false) String from,
                       @RequestParam(required = false) String to,
                       @RequestParam(required = false) String cursor) {
        UiContext ui = UiAdvice.contextOf(request);
        Instant createdFrom = instant("from", from);
        Instant createdTo = instant("to", to);
        if (ui.pastView() && (createdTo == null || createdTo.isAfter(ui.asOf()))) {
            createdTo = ui.asOf(); // the log as it stood then: no message created after the instant
        }
        WebhookQueries.MessageFilter filter = new WebhookQueries.MessageFilter(blank(type), blank(status), blank(endpoint),
                createdFrom, createdTo);
        ListPage<Message> messages = queries.messages(ui.merchantId(), filter, Paging.of(null, UiPaging.LIMIT, blank(cursor)));
        List<EndpointView> endpoints = queries.endpoints(ui.merchantId(), Paging.of(null, Paging.MAX_LIMIT, null)).data();
        model.addAttribute("endpoints", endpoints);
        model.addAttribute("messages", messages.data());
        model.addAttribute("filter", filter);
        model.addAttribute("fromText", from == null ? "" : from);
        model.addAttribute("toText", to == null ? "" : to);
        model.addAttribute("types", WebhookEventCatalog.messageTypes());
        model.addAttribute("subscribable", PublicEventTypes.ALL);
        model.addAttribute("filtered", filter.type() != null || filter.status() != null || filter.endpointId() != null
                || createdFrom != null || to != null);
        model.addAttribute("nextLink", UiPaging.next(request, ui, messages.nextCursor()));
        notice(request, model);
        return "ui/webhooks";
    }

    @GetMapping("/events")
    public String events(HttpServletRequest request, Model model) {
        model.addAttribute("catalog", WebhookEventCatalog.all());
        return "ui/webhook-events";
    }

    @GetMapping("/endpoints/{id}")
    public String endpoint(HttpServletRequest request, Model model, @PathVariable String id,
                           @RequestParam(name = "recover_since", required = false) String recoverSince) {
        UiContext ui = UiAdvice.contextOf(request);
        EndpointView endpoint = queries.endpoint(ui.merchantId(), id);
        model.addAttribute("endpoint", endpoint);
        Instant since = instant("recover_since", recoverSince);
        if (since != null && !ui.pastView()) {
            model.addAttribute("recoverSince", since.toString());
            model.addAttribute("recoverable", queries.recoverable(ui.merchantId(), id, since));
        }
        model.addAttribute("recoverSinceText", recoverSince == null ? "" : recoverSince);
        WebhookQueries.MessageFilter filter = new WebhookQueries.MessageFilter(null, null, id, null, ui.asOf());
        model.addAttribute("messages", queries.messages(ui.merchantId(), filter, Paging.of(null, 10, null)).data());
        notice(request, model);
        return "ui/webhook-endpoint";
    }

    @GetMapping("/messages/{id}")
    public String message(HttpServletRequest request, Model model, @PathVariable String id,
                          @RequestParam(required = false) String fragment) {
        UiContext ui = UiAdvice.contextOf(request);
        Message message = queries.message(ui.merchantId(), id);
        if (ui.pastView() && Instant.parse(message.createdAt()).isAfter(ui.asOf())) {
            throw new NotFoundException("webhook message", id); // it did not exist yet
        }
        List<Delivery> deliveries = message.deliveries().stream()
                .map(d -> ui.pastView() ? new Delivery(d.endpointId(), d.status(), d.attempts(), d.nextAttemptAt(),
                        d.lastAttemptAt(), d.lastStatusCode(), d.attemptLog().stream()
                        .filter(a -> !Instant.parse(a.attemptedAt()).isAfter(ui.asOf())).toList()) : d)
                .toList();
        boolean inFlight = !ui.pastView() && deliveries.stream().anyMatch(d -> d.status().equals("pending"));
        model.addAttribute("page", new MessagePage(message, PRETTY.writeValueAsString(message.payload()), deliveries, inFlight));
        notice(request, model);
        return "deliveries".equals(fragment) ? "ui/webhook-message :: deliveries" : "ui/webhook-message";
    }

    @PostMapping("/messages/{id}/replay")
    public String replay(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                         @RequestParam(required = false) String endpoint) {
        var replayed = commands.replay(caller, id, blank(endpoint));
        return "redirect:" + withOutcome("/ui/webhooks/messages/" + id, "replay", replayed.endpointIds().size());
    }

    @PostMapping("/endpoints")
    @ResponseStatus(HttpStatus.CREATED)
    public String create(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, HttpServletRequest request, Model model,
                         @RequestParam String url, @RequestParam(required = false) String description,
                         @RequestParam(name = "event_types", required = false) List<String> eventTypes) {
        var created = commands.create(caller, new WebhookEndpointCommandController.CreateRequest(url.strip(), eventTypes,
                blank(description), true));
        model.addAttribute("endpointId", created.id());
        model.addAttribute("secret", created.secret());
        model.addAttribute("what", "Endpoint registered");
        return "ui/webhook-secret";
    }

    @PostMapping("/endpoints/{id}/rotate-secret")
    public String rotate(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, Model model, @PathVariable String id) {
        var rotated = commands.rotate(caller, id);
        model.addAttribute("endpointId", id);
        model.addAttribute("secret", rotated.secret());
        model.addAttribute("previousUntil", rotated.previousSecretExpiresAt());
        model.addAttribute("what", "New signing secret");
        return "ui/webhook-secret";
    }

    @PostMapping("/endpoints/{id}/{action:enable|disable}")
    public String enable(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                         @PathVariable String action) {
        commands.change(caller, id, new WebhookEndpointCommandController.ChangeRequest(null, null, null, action.equals("enable")));
        return "redirect:" + withOutcome("/ui/webhooks/endpoints/" + id, action, 1);
    }

    @PostMapping("/endpoints/{id}/test")
    public String test(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        var sent = commands.test(caller, id);
        return "redirect:" + withOutcome("/ui/webhooks/messages/" + sent.id(), "test", 1);
    }

    @PostMapping("/endpoints/{id}/recover")
    public String recover(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                          @RequestParam String since) {
        var recovered = commands.recover(caller, id, RecoverSince.parse(since));
        return "redirect:" + withOutcome("/ui/webhooks/endpoints/" + id, "recover", recovered.recovered());
    }

    /** The outcome of this screen's own actions, carried across the redirect as {@code done} and {@code n}. */
    static void notice(HttpServletRequest request, Model model) {
        String done = request.getParameter("done");
        int n;
        try {
            n = Integer.parseInt(request.getParameter("n") == null ? "0" : request.getParameter("n"));
        } catch (NumberFormatException e) {
            n = 0;
        }
        String text = switch (done == null ? "" : done) {
            case "replay" -> n == 0 ? "Nothing to replay: every endpoint of this message is disabled."
                    : "Replay scheduled to " + n + (n == 1 ? " endpoint" : " endpoints") + ": the new attempt appears below.";
            case "recover" -> "Recovered " + n + (n == 1 ? " delivery" : " deliveries") + ": sent again with their original webhook-id.";
            case "enable" -> "Endpoint enabled. Deliveries parked while it was disabled stay parked: recover them below.";
            case "disable" -> "Endpoint disabled; its pending deliveries are parked.";
            case "test" -> "Test event sent: its attempt appears below.";
            default -> null;
        };
        if (text != null) {
            model.addAttribute("notice", text);
        }
    }

    private static String withOutcome(String path, String action, int count) {
        return UriComponentsBuilder.fromUriString(path).queryParam("done", action).queryParam("n", count)
                .build().encode().toUriString();
    }

    /**
     * A time typed into the page: an ISO-8601 instant with an offset, or a {@code datetime-local} value (no offset),
     * which the page labels as UTC.
     */
    static Instant instant(String parameter, String value) {
        String text = blank(value);
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            try {
                return InstantParam.parse(parameter, text);
            } catch (InvalidRequestException e) {
                throw new InvalidRequestException(parameter + " must be a time such as 2026-03-31T23:59 (UTC) or "
                        + "2026-03-31T23:59:59Z; got \"" + value + "\"").withCode("invalid_instant");
            }
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
