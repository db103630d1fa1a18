package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** Driver failures as the drivers phrase them, each down to one line with no values and no secret. */
class FailuresTest {
    private static final String ANSWER = "The answer depends on context and several factors";

    @Test
    void aPostgresBatchFailureKeepsTheReasonAndDropsTheRows() {
        PSQLException why = new PSQLException("ERROR: new row for relation \"cache_entry\" violates check constraint"
                + " \"no_long_answers\"\n  Detail: Failing row contains (gpt-4o@1/default/ab, default, " + ANSWER
                + ", gpt-4o, 12, 40).", PSQLState.CHECK_VIOLATION);
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO cache_entry (cache_key, answer)"
                + " VALUES (('gpt-4o@1/default/ab'), ('" + ANSWER + "')) was aborted: " + why.getMessage()
                + "  Call getNextException to see other errors in the batch.", "23514", 0, new int[0], why);
        batch.setNextException(why);

        assertThat(Failures.oneLine(new RuntimeException(batch))).isEqualTo("PSQLException: ERROR: new row for relation"
                + " \"cache_entry\" violates check constraint \"no_long_answers\"");
    }

    @Test
    void aBatchExceptionWithoutCauseLosesItsStatement() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 3 INSERT INTO cache_entry (answer) VALUES"
                + " (('" + ANSWER + "')) was aborted: ERROR: deadlock detected  Call getNextException to see other"
                + " errors in the batch.", "40P01", 0, new int[0]);
        assertThat(Failures.oneLine(batch))
                .isEqualTo("BatchUpdateException: Batch entry 3 was aborted: ERROR: deadlock detected");
    }

    @Test
    void anH2BatchFailureFollowsTheNextExceptionAndDropsTheValue() {
        SQLException value = new SQLException("Value too long for column \"ANSWER CHARACTER VARYING(8)\": \"'" + ANSWER
                + "' (50)\"; SQL statement:\nMERGE INTO cache_entry (cache_key, answer) KEY (cache_key) VALUES (?, ?)"
                + " [22001-224]");
        BatchUpdateException batch = new BatchUpdateException(value.getMessage(), "22001", 22001, new int[0]);
        batch.setNextException(value);
        String line = Failures.oneLine(batch);
        assertThat(line).isEqualTo("SQLException: Value too long for column \"ANSWER CHARACTER VARYING(8)\": \"'…' (50)\"");
    }

    @Test
    void aValueH2CutShortIsDroppedToo() {
        SQLException e = new SQLException("Value too long for column \"ANSWER CHARACTER VARYING(8)\": \"'" + ANSWER
                + " and. more... (319)\"; SQL statement:\nMERGE INTO cache_entry [22001-224]");
        assertThat(Failures.oneLine(e))
                .isEqualTo("SQLException: Value too long for column \"ANSWER CHARACTER VARYING(8)\": \"'…' (319)\"");
        assertThat(Failures.oneLine(new SQLException("ERROR: syntax error at or near 'it''s " + ANSWER)))
                .isEqualTo("SQLException: ERROR: syntax error at or near '…'");
        assertThat(Failures.oneLine(new java.net.BindException("Can't assign requested address")))
                .isEqualTo("BindException: Can't assign requested address");
    }

    @Test
    void aConnectionFailureIsItsInnermostCause() {
        Exception e = new SQLTransientConnectionException("switchboard-sql - Connection is not available, request"
                + " timed out after 500ms (total=0, active=0, idle=0, waiting=0)", new PSQLException("Connection to"
                + " 127.0.0.1:1 refused. Check that the hostname and port are correct.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new ConnectException("Connection refused")));
        assertThat(Failures.oneLine(e)).isEqualTo("ConnectException: Connection refused");
    }

    @Test
    void urlsInMessagesAreMasked() {
        RuntimeException e = new RuntimeException("Failed to get driver instance for jdbcUrl=jdbc:postgres://db/sb"
                + "?user=app&password=s3cret");
        assertThat(Failures.oneLine(e)).isEqualTo("RuntimeException: Failed to get driver instance for"
                + " jdbcUrl=jdbc:postgres://db/sb?user=app&password=***");
        assertThat(Failures.oneLine(new IllegalStateException("WRONGPASS for redis://:s3cret@cache:6379")))
                .doesNotContain("s3cret");
    }

    @Test
    void noMessageGivesTheClassAndLongMessagesAreCapped() {
        assertThat(Failures.oneLine(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(Failures.oneLine(new RuntimeException("  \n "))).isEqualTo("RuntimeException");
        assertThat(Failures.oneLine(null)).isEmpty();
        String line = Failures.oneLine(new RuntimeException("x".repeat(5_000)));
        assertThat(line).hasSizeLessThan(Failures.MAX_LENGTH + 40).endsWith("…");
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException b = new RuntimeException("b");
        RuntimeException a = new RuntimeException("a", b);
        b.initCause(a);
        assertThat(Failures.oneLine(a)).startsWith("RuntimeException: ");
    }
}
