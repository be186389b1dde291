package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.InMemoryLedger;
import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.RegisterAffiliate;
import org.affiliateledger.events.affiliate.RegistrationReceipt;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.common.UnprocessableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Registering an affiliate: its email and short code claimed per program, its parent found by id or by email. */
class AffiliateRegistrationTest {
    private static final String MER = "mer_1";
    private static final String AFF = "aff_01hzy8xv4q6n2r5t7w9y1b3d5f";
    private static final String PARENT = "aff_01hzy8xv4q6n2r5t7w9y1b3d5g";
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final UniqueClaims claims = mock(UniqueClaims.class);
    private final AffiliateRegistration registration = new AffiliateRegistration(ledger.affiliates, claims);

    @BeforeEach
    void nothingIsClaimedYet() {
        when(claims.claim(anyString(), anyString(), anyString(), anyString())).thenReturn(Optional.empty());
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private RegistrationReceipt register(boolean activate, String parentId, String parentEmail) throws Exception {
        return ledger.run(() -> registration.handle(new RegisterAffiliate(AFF, MER, "Jane", "Jane@Example.com", "Jane",
                null, activate, AT, parentId, parentEmail)));
    }

    private void parentExists() {
        ledger.given(Affiliate.class, PARENT, new AffiliateRegistered(PARENT, MER, "Bob", "bob@example.com", "bob", null, AT),
                new AffiliateApproved(PARENT, MER));
    }

    private static String code(Throwable refusal) {
        return ((LedgerException) refusal).code();
    }

    @Test
    void registersAPendingAffiliateWithoutAParent() throws Exception {
        RegistrationReceipt receipt = register(false, null, null);
        assertThat(receipt).isEqualTo(new RegistrationReceipt(AFF, null, null));
        assertThat(ledger.eventsOf(AFF)).containsExactly(new AffiliateRegistered(AFF, MER, "Jane", "Jane@Example.com", "Jane",
                null, AT, null, 0));
    }

    @Test
    void anActiveRegistrationSaysWhenItWasApproved() throws Exception {
        RegistrationReceipt receipt = register(true, null, null);
        assertThat(ledger.eventsOf(AFF)).endsWith(new AffiliateApproved(AFF, MER));
        assertThat(receipt.activatedAt()).as("the recorded time of the approval").isEqualTo(ledger.recordedAt(AFF, 1));
    }

    @Test
    void placesTheAffiliateUnderTheParentNamedById() throws Exception {
        parentExists();
        RegistrationReceipt receipt = register(false, PARENT, null);
        assertThat(receipt.parentId()).isEqualTo(PARENT);
        assertThat(((AffiliateRegistered) ledger.eventsOf(AFF).get(0)).parentId()).isEqualTo(PARENT);
        assertThat(((AffiliateRegistered) ledger.eventsOf(AFF).get(0)).lineageDepth()).isEqualTo(1);
    }

    @Test
    void placesTheAffiliateUnderTheParentNamedByEmailWhateverItsCase() throws Exception {
        parentExists();
        when(claims.ownerOf(MER, "affiliate.email", "bob@example.com")).thenReturn(Optional.of(PARENT));
        assertThat(register(false, null, " Bob@Example.com ").parentId()).isEqualTo(PARENT);
    }

    @Test
    void anUnknownParentEmailIsRefusedAndRegistersNothing() {
        when(claims.ownerOf(MER, "affiliate.email", "nobody@example.com")).thenReturn(Optional.empty());
        assertThatThrownBy(() -> register(false, null, "nobody@example.com"))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("nobody@example.com")
                .satisfies(e -> assertThat(code(e)).isEqualTo("parent_not_found"));
        assertThat(ledger.eventsOf(AFF)).isEmpty();
    }

    @Test
    void aParentByIdAndByEmailIsRefused() {
        assertThatThrownBy(() -> register(false, PARENT, "bob@example.com"))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(code(e)).isEqualTo("conflicting_fields"));
        verifyNoInteractions(claims);
    }

    @Test
    void anAffiliateCannotBeItsOwnParent() {
        assertThatThrownBy(() -> register(false, AFF, null))
                .satisfies(e -> assertThat(code(e)).isEqualTo("parent_is_self"));
    }

    @Test
    void aParentThatIsNoAffiliateIdOrDoesNotExistIsNotFound() {
        assertThatThrownBy(() -> register(false, "com_1", null))
                .satisfies(e -> assertThat(code(e)).isEqualTo("parent_not_found"));
        assertThatThrownBy(() -> register(false, PARENT, null))
                .hasMessageContaining(PARENT)
                .satisfies(e -> assertThat(code(e)).isEqualTo("parent_not_found"));
        assertThat(ledger.eventsOf(AFF)).isEmpty();
    }

    @Test
    void aTakenEmailOrShortCodeIsRefusedNamingItsOwner() {
        when(claims.claim(MER, "affiliate.email", "jane@example.com", AFF)).thenReturn(Optional.of("aff_older"));
        assertThatThrownBy(() -> register(false, null, null))
                .isInstanceOf(DuplicateException.class)
                .hasMessageContaining("aff_older")
                .satisfies(e -> assertThat(code(e)).isEqualTo("duplicate_email"));

        when(claims.claim(MER, "affiliate.email", "jane@example.com", AFF)).thenReturn(Optional.empty());
        when(claims.claim(MER, "affiliate.short_code", "jane", AFF)).thenReturn(Optional.of("aff_other"));
        assertThatThrownBy(() -> register(false, null, null))
                .hasMessageContaining("aff_other")
                .satisfies(e -> assertThat(code(e)).isEqualTo("duplicate_short_code"));
        assertThat(ledger.eventsOf(AFF)).isEmpty();
    }
}
