package org.affiliateledger.infra.web;

import org.apache.catalina.connector.ClientAbortException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataAccessResourceFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.EOFException;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that closes the connection while its answer is written (a browser leaving the dashboard mid-download) is
 * not an error of the ledger: it is not logged as "unexpected error" with a stack trace, and no problem body is written
 * to a connection that is gone (which, with the static file's content type already set, failed a second time).
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientDisconnectTest {

    @Test
    void aClientThatWentAwayIsNeitherAnsweredNorLoggedAsAnError(CapturedOutput output) {
        MockHttpServletResponse response = new MockHttpServletResponse();

        ProblemDetail answer = new ProblemAdvice().unexpected(new ClientAbortException(new IOException("Broken pipe")), response);

        assertThat(answer).isNull();
        assertThat(output.getAll()).doesNotContain("unexpected error").doesNotContain("Broken pipe");
    }

    /** A dropped database connection also ends in an EOFException: it is an outage (503), not a client gone. */
    @Test
    void aDroppedDatabaseConnectionIsStillA503() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        Exception dropped = new DataAccessResourceFailureException("PreparedStatementCallback",
                new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE,
                        new EOFException()));

        ProblemDetail answer = new ProblemAdvice().unexpected(dropped, response);

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).matches("\\d+");
    }

    /** Nor is any other I/O failure whose message sounds like one (a reset connection to Stripe, say). */
    @Test
    void aResetConnectionOfTheLedgersOwnIsStillA500() {
        ProblemDetail answer = new ProblemAdvice().unexpected(
                new IllegalStateException(new IOException("Connection reset by peer")), new MockHttpServletResponse());

        assertThat(answer.getStatus()).isEqualTo(500);
    }

    @Test
    void anyOtherFailureIsStillA500ThatIsLogged(CapturedOutput output) {
        ProblemDetail answer = new ProblemAdvice().unexpected(new IllegalStateException("boom"), new MockHttpServletResponse());

        assertThat(answer.getStatus()).isEqualTo(500);
        assertThat(output.getAll()).contains("unexpected error").contains("boom");
    }
}
