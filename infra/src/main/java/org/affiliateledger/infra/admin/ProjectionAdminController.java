package org.affiliateledger.infra.admin;

import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.query.checksum.ReadModelChecksums;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.http.HttpStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Operator view of the projections (the streaming event processors): how far each is behind the event store, and a
 * rebuild that empties its read model and replays every event into it. Positions are those of the segments this
 * node has claimed; a single-node ledger claims them all.
 */
@RestController
@RequestMapping("/admin/v1/projections")
@Tag(name = "Operator")
public class ProjectionAdminController {
    private static final Logger log = LoggerFactory.getLogger(ProjectionAdminController.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ApplicationContext context;
    private final ReadModelChecksums checksums;

    public ProjectionAdminController(EventProcessingConfiguration processing, EventStore eventStore, ApplicationContext context,
                                     ReadModelChecksums checksums) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.context = context;
        this.checksums = checksums;
    }

    /**
     * A checksum per read model: equal checksums before and after a rebuild prove it reproduced exactly the same rows.
     */
    @GetMapping("/checksums")
    @Operation(operationId = "projectionChecksums", summary = "A checksum per read model",
            description = "Per rebuildable read model, its row count and a checksum over its rows (independent of their "
                    + "physical order), table by table, from one consistent snapshot. Take them before a rebuild and "
                    + "after it has caught up: equal checksums prove the rebuild reproduced exactly the same rows.")
    public List<ReadModelChecksums.Checksum> checksums() {
        return checksums.all();
    }

    /**
     * @param name      the processor; {@code groups} are the projections (processing groups) it runs
     * @param position  lowest position among the claimed segments (null before the first event)
     * @param head      the event store's head when this was answered
     * @param replaying some segment has not yet replayed up to the position the rebuild started from
     * @param caughtUp  every segment claimed here, none replaying, and none behind {@code head}
     */
    public record ProjectionStatus(String name, List<String> groups, int segments, int claimedSegments, @Nullable Long position,
                                   @Nullable Long head, boolean running, boolean replaying, boolean caughtUp, boolean error,
                                   @Nullable Rebuild rebuild) {
    }

    /**
     * Progress of a rebuild (present while one is replaying on this node's segments).
     *
     * @param replayUpTo       the position the rebuild replays up to (the head when it started)
     * @param percentDone      how much of that is replayed, 0–100
     * @param eventsPerSecond  replay speed since the rebuild started here (or since the previous look), null until measurable
     * @param etaSeconds       the time left at that speed, null until measurable
     */
    public record Rebuild(long replayUpTo, double percentDone, @Nullable Double eventsPerSecond, @Nullable Long etaSeconds) {
    }

    /** Where each processor stood when its rebuild started here, and at the previous look: the replay speed. */
    private final Map<String, RebuildProgress.Sample> rebuildStarts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, RebuildProgress.Sample> lastLooks = new java.util.concurrent.ConcurrentHashMap<>();

    @GetMapping
    @Operation(operationId = "listProjections", summary = "Projections and how far each has read",
            description = "Each streaming processor with its read models, segments, position against the event store's head, "
                    + "whether it is replaying and whether it has caught up.")
    public List<ProjectionStatus> list() {
        Long head = head();
        Map<String, List<String>> groups = groupsByProcessor();
        return streamingProcessors().stream().map(processor -> status(processor, head, groups)).toList();
    }

    /**
     * Rebuilds every projection, or only the processor {@code name} (a processor, or a projection it runs: the
     * whole processor is rebuilt); answers at once, progress shows in {@link #list()}.
     */
    @PostMapping("/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "rebuildProjections", summary = "Rebuild read models from the event store",
            description = "Empties the read models and replays every event into them, all projections or the one named; "
                    + "follow progress with `GET /admin/v1/projections`.")
    @ApiResponse(responseCode = "202", description = "Rebuild started")
    @ApiResponse(responseCode = "404", description = "No projection or processor has that name")
    @ApiResponse(responseCode = "409", description = "A segment of that projection is claimed by another node, or it cannot be reset")
    public List<ProjectionStatus> rebuild(@Parameter(description = "A projection (read model) or processor name; all when omitted")
                                          @RequestParam(required = false) String name) {
        // all = every read model; sagas (which cannot be reset, and must not be replayed) are never rebuilt
        List<StreamingEventProcessor> targets = name == null
                ? streamingProcessors().stream().filter(StreamingEventProcessor::supportsReset).toList()
                : List.of(named(name));
        for (StreamingEventProcessor processor : targets) {
            if (!processor.supportsReset()) {
                throw new StateConflictException("projection " + processor.getName() + " cannot be rebuilt: its handlers do not support a reset").withCode("projection_not_resettable");
            }
        }
        for (StreamingEventProcessor processor : targets) {
            log.info("Rebuilding projection {}", processor.getName());
            rebuildStarts.put(processor.getName(), new RebuildProgress.Sample(-1, System.nanoTime()));
            lastLooks.remove(processor.getName());
            processor.shutDown();
            try {
                processor.resetTokens(); // runs the @ResetHandlers, then replays from the first event
            } catch (UnableToClaimTokenException e) {
                throw new StateConflictException("projection " + processor.getName()
                        + " is running on another node; stop it there, or rebuild from that node").withCode("projection_busy");
            } finally {
                processor.start();
            }
        }
        Long head = head();
        Map<String, List<String>> groups = groupsByProcessor();
        return targets.stream().map(processor -> status(processor, head, groups)).toList();
    }

    private List<StreamingEventProcessor> streamingProcessors() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .toList();
    }

    private StreamingEventProcessor named(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .or(() -> processing.eventProcessorByProcessingGroup(name, StreamingEventProcessor.class))
                .orElseThrow(() -> new NotFoundException("projection", name));
    }

    /**
     * The processing groups each processor runs, from the handler beans' @ProcessingGroup. Found once: the beans and
     * their assignment do not change while the ledger runs, and scanning every bean for the annotation on each look
     * took a fifth of the CPU while a rebuild was followed (a JFR profile of the bench's rebuild, polling every 50 ms).
     */
    private Map<String, List<String>> groupsByProcessor() {
        Map<String, List<String>> found = groups;
        if (found == null) {
            found = java.util.Collections.unmodifiableMap(findGroupsByProcessor());
            groups = found;
        }
        return found;
    }

    private volatile Map<String, List<String>> groups;

    private Map<String, List<String>> findGroupsByProcessor() {
        return context.getBeansWithAnnotation(ProcessingGroup.class).values().stream()
                .map(bean -> AnnotationUtils.findAnnotation(AopUtils.getTargetClass(bean), ProcessingGroup.class).value())
                .distinct()
                .sorted()
                .collect(Collectors.groupingBy(group -> processing.eventProcessorByProcessingGroup(group)
                        .map(EventProcessor::getName).orElse(group), TreeMap::new, Collectors.toUnmodifiableList()));
    }

    private Long head() {
        TrackingToken token = eventStore.createHeadToken();
        return token == null ? null : token.position().stream().boxed().findFirst().orElse(null);
    }

    private ProjectionStatus status(StreamingEventProcessor processor, Long head, Map<String, List<String>> groups) {
        Map<Integer, EventTrackerStatus> claimed = processor.processingStatus();
        Collection<EventTrackerStatus> segments = claimed.values();
        int total = processing.tokenStore(processor.getName()).fetchSegments(processor.getName()).length;
        Long position = segments.stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .map(p -> p.isPresent() ? p.getAsLong() : -1L)
                .min(Long::compare)
                .map(p -> p < 0 ? null : p)
                .orElse(null);
        boolean replaying = segments.stream().anyMatch(ProjectionAdminController::replayInProgress);
        boolean error = segments.stream().anyMatch(EventTrackerStatus::isErrorState);
        boolean atHead = head == null || (position != null && position >= head);
        boolean caughtUp = !segments.isEmpty() && claimed.size() == total && !replaying && !error
                && segments.stream().allMatch(EventTrackerStatus::isCaughtUp) && atHead;
        Rebuild rebuild = replaying ? progress(processor.getName(), segments, position) : null;
        if (!replaying) {
            rebuildStarts.remove(processor.getName());
            lastLooks.remove(processor.getName());
        }
        return new ProjectionStatus(processor.getName(), groups.getOrDefault(processor.getName(), List.of()), total,
                claimed.size(), position, head,
                processor.isRunning(), replaying, caughtUp, error, rebuild);
    }

    /** Percent of the replay done, its speed and the time left, from the replaying segments' positions. */
    private Rebuild progress(String name, Collection<EventTrackerStatus> segments, @Nullable Long position) {
        long upTo = segments.stream()
                .map(EventTrackerStatus::getResetPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .max().orElse(0L);
        long now = System.nanoTime();
        RebuildProgress.Sample from = rebuildStarts.getOrDefault(name, lastLooks.get(name));
        lastLooks.put(name, new RebuildProgress.Sample(position == null ? 0 : position, now));
        return RebuildProgress.of(upTo, position, from, now);
    }

    /** Axon keeps a segment "replaying" until it sees an event newer than the reset; the replay itself is over earlier. */
    private static boolean replayInProgress(EventTrackerStatus segment) {
        if (!segment.isReplaying()) {
            return false;
        }
        OptionalLong reset = segment.getResetPosition();
        return reset.isEmpty() || segment.getCurrentPosition().orElse(-1) < reset.getAsLong();
    }
}
