package dev.weft.server.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What an API request that failed in the database answers, by the SQLSTATE it failed with. */
class ProblemMappersTest {

  private static Response answer(Throwable failure) {
    return new ProblemMappers().unexpected(failure, null, null);
  }

  private static String detail(Response response) {
    return ((Problem) response.getEntity()).detail();
  }

  @Test
  void aTransactionLostToAConcurrentOneIsARetryable503SayingNothingWasStored() {
    Response r =
        answer(new CompletionException(new PgException("deadlock detected", "ERROR", "40P01", "")));

    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(r.getHeaderString("Retry-After")).isEqualTo("2");
    assertThat(detail(r)).contains("concurrent").contains("nothing of it was stored");
  }

  @Test
  void anOutageIsA503AndAnyOtherFailureA500WithoutItsInternals() {
    Response outage = answer(new PgException("shutting down", "FATAL", "57P01", ""));
    assertThat(outage.getStatus()).isEqualTo(503);
    assertThat(detail(outage)).contains("cannot be reached");

    Response fault = answer(new PgException("column x does not exist", "ERROR", "42703", ""));
    assertThat(fault.getStatus()).isEqualTo(500);
    assertThat(fault.getHeaderString("Retry-After")).isNull();
    assertThat(detail(fault)).doesNotContain("column x");
  }
}
