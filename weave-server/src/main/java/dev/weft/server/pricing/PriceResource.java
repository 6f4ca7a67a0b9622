package dev.weft.server.pricing;

import dev.weft.server.auth.CurrentPrincipal;
import dev.weft.server.auth.ProjectService;
import dev.weft.server.auth.RequiresScope;
import dev.weft.server.auth.Scope;
import dev.weft.server.common.ProblemException;
import dev.weft.server.ingest.IngestConfig;
import dev.weft.server.ingest.otlp.SpanTimeWindow;
import dev.weft.server.traces.TimeRange;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Model prices of a project: overrides on top of the shipped table. Costs are computed when spans
 * arrive, so a change applies to spans ingested after it; the backfill gives stored spans that have
 * no cost the price their model has now.
 */
@Path("/api/v1/projects/{project}/prices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Prices")
public class PriceResource {

  @Inject PriceService prices;
  @Inject ProjectService projects;
  @Inject CurrentPrincipal caller;
  @Inject CostBackfillService backfills;
  @Inject IngestConfig ingest;

  /**
   * A price override.
   *
   * @param model model name
   * @param inputPerMillion USD per million input tokens
   * @param outputPerMillion USD per million output tokens
   * @param cacheReadPerMillion USD per million input tokens read from the provider's prompt cache;
   *     absent: priced as input tokens
   * @param cacheWritePerMillion USD per million input tokens written to the prompt cache; absent:
   *     priced as input tokens
   * @param updatedAt when it was set (absent in requests)
   */
  public record PriceView(
      String model,
      Double inputPerMillion,
      Double outputPerMillion,
      @Schema(nullable = true) Double cacheReadPerMillion,
      @Schema(nullable = true) Double cacheWritePerMillion,
      Instant updatedAt) {
    static PriceView of(ModelPriceOverride o) {
      return new PriceView(
          o.model,
          o.inputPerMillion,
          o.outputPerMillion,
          o.cacheReadPerMillion,
          o.cacheWritePerMillion,
          o.updatedAt);
    }
  }

  /**
   * The price that applies to a model.
   *
   * @param model the model asked about
   * @param source {@code override}, {@code shipped}, or {@code unknown} (no cost is computed)
   * @param inputPerMillion USD per million input tokens, or null when unknown
   * @param outputPerMillion USD per million output tokens, or null when unknown
   * @param cacheReadPerMillion USD per million input tokens read from the prompt cache, or null
   *     when they are priced as input tokens (or the model is unknown)
   * @param cacheWritePerMillion USD per million input tokens written to the prompt cache, or null
   *     when they are priced as input tokens (or the model is unknown)
   */
  public record EffectivePrice(
      String model,
      String source,
      @Schema(nullable = true) Double inputPerMillion,
      @Schema(nullable = true) Double outputPerMillion,
      @Schema(nullable = true) Double cacheReadPerMillion,
      @Schema(nullable = true) Double cacheWritePerMillion) {}

  /**
   * The project's overrides and the size of the shipped table.
   *
   * @param overrides the project's own prices
   * @param shippedModels number of models in the shipped table
   */
  public record PriceList(List<PriceView> overrides, int shippedModels) {}

  /** Lists the project's overrides. */
  @GET
  @RequiresScope(Scope.READ)
  @Operation(summary = "List the project's price overrides")
  public Uni<PriceList> list(@PathParam("project") String project) {
    return projects
        .resolve(caller.get(), project)
        .flatMap(prices::overrides)
        .map(
            all ->
                new PriceList(
                    all.stream().map(PriceView::of).toList(), PriceTable.shipped().size()));
  }

  /** The price that applies to a model in this project, and where it comes from. */
  @GET
  @Path("/effective")
  @RequiresScope(Scope.READ)
  @Operation(summary = "The price applied to a model, from the project's overrides or the table")
  public Uni<EffectivePrice> effective(
      @PathParam("project") String project, @QueryParam("model") String model) {
    if (model == null || model.isBlank()) {
      throw ProblemException.badRequest("give the model as a query parameter: ?model=gpt-4o");
    }
    return projects
        .resolve(caller.get(), project)
        .flatMap(prices::overrides)
        .map(
            all -> {
              var fromOverride = PriceTable.of(PriceService.asMap(all)).find(model);
              if (fromOverride.isPresent()) {
                return effective(model, "override", fromOverride.get());
              }
              return PriceTable.shipped()
                  .find(model)
                  .map(p -> effective(model, "shipped", p))
                  .orElse(new EffectivePrice(model, "unknown", null, null, null, null));
            });
  }

  /** Sets the project's price for a model. */
  @PUT
  @RequiresScope(Scope.ADMIN)
  @Operation(summary = "Set the project's price for a model (USD per million tokens)")
  public Uni<PriceView> put(@PathParam("project") String project, PriceView body) {
    if (body == null || body.inputPerMillion() == null || body.outputPerMillion() == null) {
      throw ProblemException.badRequest(
          "send a JSON body such as {\"model\": \"gpt-4o\", \"inputPerMillion\": 2.5,"
              + " \"outputPerMillion\": 10}");
    }
    return projects
        .resolve(caller.get(), project)
        .flatMap(
            id ->
                prices.put(
                    id,
                    body.model(),
                    new ModelPrice(
                        body.inputPerMillion(),
                        body.outputPerMillion(),
                        body.cacheReadPerMillion(),
                        body.cacheWritePerMillion())))
        .map(PriceView::of);
  }

  /** Removes the project's price for a model. */
  @DELETE
  @RequiresScope(Scope.ADMIN)
  @Operation(summary = "Remove the project's price for a model (the shipped price applies again)")
  public Uni<Void> delete(@PathParam("project") String project, @QueryParam("model") String model) {
    return projects.resolve(caller.get(), project).flatMap(id -> prices.delete(id, model));
  }

  /**
   * Prices the stored spans that have no cost with the prices in force now (see {@link
   * CostBackfillService}); {@code from} and {@code to} bound their start times, by default every
   * stored span.
   */
  @POST
  @Path("/backfill")
  @RequiresScope(Scope.ADMIN)
  @Operation(
      summary =
          "Give stored spans without a cost the price their model has now (costs already stored"
              + " stay); from/to bound the spans' start times")
  @Parameter(
      name = "from",
      in = ParameterIn.QUERY,
      description = "ISO-8601 instant: spans that start at or after it (default: every span)",
      schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  @Parameter(
      name = "to",
      in = ParameterIn.QUERY,
      description = "ISO-8601 instant: spans that start before it (default: every span)",
      schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  public Uni<CostBackfillService.Result> backfill(
      @PathParam("project") String project, @Context UriInfo uri) {
    // By default every stored span: ingest refuses spans that start before 2000 or past the skew.
    TimeRange range =
        TimeRange.ofQuery(
            uri.getQueryParameters(),
            "the backfill takes from and to",
            Instant.now().plus(ingest.maxClockSkew()).plusSeconds(1),
            to -> SpanTimeWindow.EARLIEST);
    return projects
        .resolve(caller.get(), project)
        .flatMap(id -> backfills.backfill(id, range.from(), range.to()));
  }

  private static EffectivePrice effective(String model, String source, ModelPrice p) {
    return new EffectivePrice(
        model,
        source,
        p.inputPerMillion(),
        p.outputPerMillion(),
        p.cacheReadPerMillion(),
        p.cacheWritePerMillion());
  }
}
