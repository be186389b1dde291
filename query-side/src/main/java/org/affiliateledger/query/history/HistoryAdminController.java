package org.affiliateledger.query.history;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.affiliateledger.events.common.InvalidRequestException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Operator: recompute the hash chain and say whether the history still holds. */
@RestController
@Tag(name = "Operator")
public class HistoryAdminController {
    private final ChainVerifier verifier;

    public HistoryAdminController(ChainVerifier verifier) {
        this.verifier = verifier;
    }

    @Schema(name = "VerifyHistoryRequest")
    public record VerifyRequest(@Schema(description = "First position to check (default 1)") @Min(1) @Nullable Long from,
                                @Schema(description = "Last position to check (default and at most: the chain's head)") @Min(1)
                                @Nullable Long to) {
    }

    /**
     * @param verified            links recomputed and found equal to the stored ones
     * @param firstBrokenPosition the first position that does not hold; null when the range holds
     */
    @Schema(name = "HistoryVerification")
    public record VerifyResponse(boolean ok, long verified, @Nullable Long firstBrokenPosition,
                                 @Schema(description = "What is wrong at firstBrokenPosition") @Nullable String reason,
                                 @Schema(description = "The first position checked") long from,
                                 @Schema(description = "The last position checked") long to) {
    }

    @PostMapping("/admin/v1/history/verify")
    @Operation(operationId = "verifyHistory", summary = "Verify the hash chain",
            description = "Recomputes every link from the event table (positions `from`–`to`, default the whole chain) and "
                    + "compares it with the stored one; stops at the first position that does not hold — an event changed "
                    + "after it was linked, an event deleted, or an event written into the past — and names it. Progress is "
                    + "logged every few seconds on long runs. `ok: true` with a head you recorded earlier proves the history "
                    + "up to it unchanged.")
    @ApiResponse(responseCode = "200", description = "The verification: ok, or the first broken position and why")
    public VerifyResponse verify(@Valid @RequestBody(required = false) VerifyRequest request) {
        Long from = request == null ? null : request.from();
        Long to = request == null ? null : request.to();
        if (from != null && to != null && from > to) {
            throw new InvalidRequestException("from (" + from + ") is after to (" + to + ")").withCode("from_after_to");
        }
        ChainVerifier.Verification result = verifier.verify(from, to);
        return new VerifyResponse(result.ok(), result.verified(), result.firstBrokenPosition(), result.reason(),
                result.from(), result.to());
    }
}
