package dev.weft.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.common.ProblemException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SpanWriteFailureTest {

  @Test
  void anUnreachableOrShuttingDownDatabaseIsA503ExportersRetry() {
    for (String state : new String[] {"08006", "08001", "57P01", "53300"}) {
      RuntimeException e = SpanWriter.failure(new SQLException("gone", state), 2);

      assertThat(e).as(state).isInstanceOf(ProblemException.class);
      ProblemException p = (ProblemException) e;
      assertThat(p.problem().status()).isEqualTo(503);
      assertThat(p.retryAfterSeconds()).isEqualTo(2);
      assertThat(p.problem().detail()).contains("gone").contains("retry");
    }
  }

  @Test
  void aTransactionRolledBackOverAConcurrentOneIsA503SayingNothingWasStored() {
    for (String state : new String[] {"40P01", "40001"}) {
      RuntimeException e = SpanWriter.failure(new SQLException("deadlock detected", state), 3);

      assertThat(e).as(state).isInstanceOf(ProblemException.class);
      ProblemException p = (ProblemException) e;
      assertThat(p.problem().status()).isEqualTo(503);
      assertThat(p.retryAfterSeconds()).isEqualTo(3);
      assertThat(p.problem().detail())
          .contains("nothing of it was stored")
          .contains("send it again");
    }
  }

  @Test
  void anyOtherDatabaseErrorIsAServerFault() {
    RuntimeException e = SpanWriter.failure(new SQLException("bad value", "22P02"), 2);

    assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("bad value");
  }
}
