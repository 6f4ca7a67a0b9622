package dev.weft.server.pricing;

import static dev.weft.server.pricing.ChatSpans.send;
import static dev.weft.server.pricing.ChatSpans.traceId;
import static dev.weft.server.testing.WeftApi.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import dev.weft.server.pricing.ChatSpans.ChatSpan;
import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The price backfill against a real PostgreSQL: stored spans whose model had no price get the price
 * set afterwards, their traces' costs follow, costs already stored never change, and bad or
 * unauthorised requests change nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class CostBackfillTest {

  /** acme-ft-1 at $2 input and $8 output per million tokens. */
  private static final double ACME_IN = 2;

  private static final double ACME_OUT = 8;

  /** A chat span of 1,000 input and 500 output tokens. */
  private static ChatSpan chat(String traceId, String spanId, String model, Instant start) {
    return ChatSpans.chat(traceId, spanId, model, start, 1_000L, 500L);
  }

  private static String path(TestProject p) {
    return "/api/v1/projects/" + p.name() + "/prices/backfill";
  }

  private static JsonPath backfill(TestProject p, String query) {
    return JsonPath.from(
        as(p.key()).post(path(p) + query).then().statusCode(200).extract().asString());
  }

  private static Double spanCost(TestProject p, ChatSpan c) {
    return p.get("/traces/" + c.traceId() + "/spans/" + c.spanId())
        .getObject("costUsd", Double.class);
  }

  private static Double traceCost(TestProject p, String traceId) {
    return p.get("/traces/" + traceId).getObject("summary.costUsd", Double.class);
  }

  private static double acme(long in, long out) {
    return (in * ACME_IN + out * ACME_OUT) / 1e6;
  }

  @Test
  void spansStoredBeforeTheirModelHadAPriceGetItAndTheirTracesCostsFollow() {
    TestProject project = WeftApi.newProject("backfill");
    Instant now = Instant.now();
    // A trace with a priced model call and one of a model without a price yet.
    String mixed = traceId();
    ChatSpan gpt = chat(mixed, "00000000000000a1", "gpt-4o", now.minusSeconds(5));
    ChatSpan first = chat(mixed, "00000000000000a2", "acme-ft-1", now.minusSeconds(4));
    // A trace of the new model alone, with an instrumentation's own cost on one call.
    String alone = traceId();
    ChatSpan second =
        ChatSpans.chat(alone, "00000000000000b1", "acme-ft-1", now.minusSeconds(3), 3_000L, 100L);
    ChatSpan reported =
        ChatSpans.chat(alone, "00000000000000b2", "acme-ft-1", now.minusSeconds(2), 10L, 10L)
            .with("weft.cost", 0.5);
    ChatSpan noTokens =
        ChatSpans.chat(alone, "00000000000000b3", "acme-ft-1", now.minusSeconds(2), null, null);
    // Another unknown model, which stays unpriced.
    ChatSpan other = chat(alone, "00000000000000b4", "other-llm", now.minusSeconds(1));
    send(project, gpt, first, second, reported, noTokens, other);

    double gptCost = spanCost(project, gpt);
    assertThat(gptCost).isCloseTo((1_000 * 2.5 + 500 * 10.0) / 1e6, within(1e-12));
    assertThat(spanCost(project, first)).isNull();
    assertThat(traceCost(project, mixed)).isCloseTo(gptCost, within(1e-12));
    assertThat(traceCost(project, alone)).isCloseTo(0.5, within(1e-12));

    JsonPath nothingYet = backfill(project, "");
    assertThat(nothingYet.getLong("pricedSpans")).isZero();
    assertThat(nothingYet.getList("unpriced.model")).containsExactly("acme-ft-1", "other-llm");
    assertThat(nothingYet.getList("unpriced.spans", Long.class)).containsExactly(2L, 1L);

    project.price("acme-ft-1", ACME_IN, ACME_OUT);
    JsonPath done = backfill(project, "");
    assertThat(done.getLong("pricedSpans")).isEqualTo(2);
    double firstCost = acme(1_000, 500);
    double secondCost = acme(3_000, 100);
    assertThat(done.getDouble("costUsd")).isCloseTo(firstCost + secondCost, within(1e-12));
    assertThat(done.getList("priced.model")).containsExactly("acme-ft-1");
    assertThat(done.getLong("priced[0].spans")).isEqualTo(2);
    assertThat(done.getList("unpriced.model")).containsExactly("other-llm");

    assertThat(spanCost(project, first)).isCloseTo(firstCost, within(1e-12));
    assertThat(spanCost(project, second)).isCloseTo(secondCost, within(1e-12));
    assertThat(spanCost(project, reported)).as("a reported cost stays").isEqualTo(0.5);
    assertThat(spanCost(project, noTokens)).as("no tokens, no cost").isNull();
    assertThat(spanCost(project, other)).isNull();
    assertThat(spanCost(project, gpt)).isEqualTo(gptCost);
    assertThat(traceCost(project, mixed)).isCloseTo(gptCost + firstCost, within(1e-12));
    assertThat(traceCost(project, alone)).isCloseTo(0.5 + secondCost, within(1e-12));
    // The list shows the same sums as the trace.
    JsonPath list = project.get("/traces?limit=10&sort=cost&order=asc");
    assertThat(list.getList("items.traceId")).containsExactly(mixed, alone);
    assertThat(list.getDouble("items[0].costUsd")).isCloseTo(gptCost + firstCost, within(1e-12));

    // Run again: nothing left to price, nothing counted twice.
    JsonPath again = backfill(project, "");
    assertThat(again.getLong("pricedSpans")).isZero();
    assertThat(traceCost(project, alone)).isCloseTo(0.5 + secondCost, within(1e-12));

    // A later price change leaves stored costs alone.
    project.price("acme-ft-1", 100, 100);
    assertThat(backfill(project, "").getLong("pricedSpans")).isZero();
    assertThat(spanCost(project, first)).isCloseTo(firstCost, within(1e-12));
  }

  @Test
  void fromAndToBoundTheSpansStartTimes() {
    TestProject project = WeftApi.newProject("backfill-range");
    Instant now = Instant.now();
    ChatSpan old = chat(traceId(), "00000000000000c1", "acme-ft-1", now.minus(Duration.ofDays(3)));
    ChatSpan recent = chat(traceId(), "00000000000000c2", "acme-ft-1", now.minusSeconds(10));
    send(project, old, recent);
    project.price("acme-ft-1", ACME_IN, ACME_OUT);

    Instant from = now.minus(Duration.ofDays(1));
    JsonPath last = backfill(project, "?from=" + from);
    assertThat(last.getLong("pricedSpans")).isEqualTo(1);
    assertThat(Instant.parse(last.getString("from"))).isEqualTo(from);
    assertThat(spanCost(project, recent)).isCloseTo(acme(1_000, 500), within(1e-12));
    assertThat(spanCost(project, old)).isNull();

    JsonPath before = backfill(project, "?to=" + from);
    assertThat(before.getLong("pricedSpans")).isEqualTo(1);
    assertThat(spanCost(project, old)).isCloseTo(acme(1_000, 500), within(1e-12));
    assertThat(traceCost(project, old.traceId())).isCloseTo(acme(1_000, 500), within(1e-12));
  }

  @Test
  void concurrentBackfillsPriceEachSpanOnce() throws Exception {
    TestProject project = WeftApi.newProject("backfill-race");
    Instant now = Instant.now();
    // More spans than one page, in few traces, so both runs meet the same rows and trace rows.
    int traces = 5;
    int perTrace = 450;
    List<String> traceIds = new ArrayList<>();
    for (int t = 0; t < traces; t++) {
      String id = traceId();
      traceIds.add(id);
      ChatSpan[] chats = new ChatSpan[perTrace];
      for (int s = 0; s < perTrace; s++) {
        chats[s] =
            chat(id, String.format("%016x", s + 1), "acme-ft-1", now.minusMillis(perTrace - s));
      }
      send(project, chats);
    }
    project.price("acme-ft-1", ACME_IN, ACME_OUT);

    CompletableFuture<JsonPath> a = CompletableFuture.supplyAsync(() -> backfill(project, ""));
    CompletableFuture<JsonPath> b = CompletableFuture.supplyAsync(() -> backfill(project, ""));
    long priced = a.get().getLong("pricedSpans") + b.get().getLong("pricedSpans");

    assertThat(priced).isEqualTo((long) traces * perTrace);
    for (String id : traceIds) {
      assertThat(traceCost(project, id)).isCloseTo(perTrace * acme(1_000, 500), within(1e-9));
    }
  }

  @Test
  void badAndUnauthorisedRequestsAreRefusedAndPriceNothing() {
    TestProject project = WeftApi.newProject("backfill-bad");
    TestProject other = WeftApi.newProject("backfill-other");
    ChatSpan span = chat(traceId(), "00000000000000d1", "acme-ft-1", Instant.now().minusSeconds(1));
    send(project, span);
    project.price("acme-ft-1", ACME_IN, ACME_OUT);
    String reader = project.key("read");
    String ingester = project.key("ingest");

    String[][] cases = {
      {"?form=2026-01-01T00:00:00Z", "unknown query parameter 'form'"},
      {"?from=yesterday", "invalid 'from'"},
      {"?to=2026-13-01T00:00:00Z", "invalid 'to'"},
      {"?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "'from' must be before 'to'"},
      {"?from=2026-01-01T00:00:00Z&from=2026-02-01T00:00:00Z", "from"},
    };
    for (String[] c : cases) {
      as(project.key())
          .post(path(project) + c[0])
          .then()
          .statusCode(400)
          .body("detail", containsString(c[1]));
    }
    given().post(path(project)).then().statusCode(401);
    as("weft_nonsense").post(path(project)).then().statusCode(401);
    as(reader).post(path(project)).then().statusCode(403).body("detail", containsString("admin"));
    as(ingester).post(path(project)).then().statusCode(403);
    as(other.key()).post(path(project)).then().statusCode(403);
    as(PostgresTestResource.ADMIN_KEY)
        .post("/api/v1/projects/no-such-project-" + UUID.randomUUID() + "/prices/backfill")
        .then()
        .statusCode(403);

    assertThat(spanCost(project, span)).as("nothing priced by a refused request").isNull();
    assertThat(backfill(project, "").getLong("pricedSpans")).isEqualTo(1);
  }
}
