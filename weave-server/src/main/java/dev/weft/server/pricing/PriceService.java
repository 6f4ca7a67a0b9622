package dev.weft.server.pricing;

import dev.weft.server.common.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The price table in force for each project: the shipped table with the project's overrides on top.
 * Tables are cached per project and rebuilt when the project's overrides change here (other
 * replicas pick changes up within {@link #CACHE_TTL_NANOS}).
 */
@ApplicationScoped
public class PriceService {

  static final long CACHE_TTL_NANOS = 60_000_000_000L;

  private record Cached(PriceTable table, long expiresAtNanos) {}

  private final ConcurrentHashMap<Long, Cached> tables = new ConcurrentHashMap<>();

  @Inject ModelPriceOverrideRepository overrides;

  /** The price table for a project. */
  public Uni<PriceTable> tableFor(long projectId) {
    Cached cached = tables.get(projectId);
    if (cached != null && cached.expiresAtNanos - System.nanoTime() > 0) {
      return Uni.createFrom().item(cached.table);
    }
    return currentTable(projectId);
  }

  /**
   * The price table for a project as stored now, read from the database whatever the cache holds
   * (another replica may have changed the overrides within the cache's lifetime); it replaces the
   * cached one.
   */
  public Uni<PriceTable> currentTable(long projectId) {
    return Panache.withSession(() -> overrides.listByProject(projectId))
        .map(
            list -> {
              PriceTable table = PriceTable.shipped().withOverrides(asMap(list));
              tables.put(projectId, new Cached(table, System.nanoTime() + CACHE_TTL_NANOS));
              return table;
            });
  }

  /** A project's overrides. */
  @WithSession
  public Uni<List<ModelPriceOverride>> overrides(long projectId) {
    return overrides.listByProject(projectId);
  }

  /** Sets (creates or replaces) a project's price for a model. */
  @WithTransaction
  public Uni<ModelPriceOverride> put(long projectId, String model, ModelPrice price) {
    if (model == null || model.isBlank() || model.length() > 200) {
      throw ProblemException.badRequest("'model' must be a non-empty name of at most 200 chars");
    }
    if (!validPrice(price.inputPerMillion()) || !validPrice(price.outputPerMillion())) {
      throw ProblemException.badRequest(
          "'inputPerMillion' and 'outputPerMillion' must be finite numbers >= 0 (USD per million"
              + " tokens)");
    }
    if ((price.cacheReadPerMillion() != null && !validPrice(price.cacheReadPerMillion()))
        || (price.cacheWritePerMillion() != null && !validPrice(price.cacheWritePerMillion()))) {
      throw ProblemException.badRequest(
          "'cacheReadPerMillion' and 'cacheWritePerMillion' must be finite numbers >= 0 (USD per"
              + " million tokens) or left out (cached tokens are then priced as input tokens)");
    }
    String name = model.trim();
    return overrides
        .find(projectId, name)
        .flatMap(
            existing -> {
              ModelPriceOverride o = existing != null ? existing : new ModelPriceOverride();
              o.projectId = projectId;
              o.model = name;
              o.inputPerMillion = price.inputPerMillion();
              o.outputPerMillion = price.outputPerMillion();
              o.cacheReadPerMillion = price.cacheReadPerMillion();
              o.cacheWritePerMillion = price.cacheWritePerMillion();
              o.updatedAt = Instant.now();
              return existing != null ? Uni.createFrom().item(o) : overrides.persist(o);
            })
        .invoke(() -> tables.remove(projectId));
  }

  /** Removes a project's price for a model; 404 when there is none. */
  @WithTransaction
  public Uni<Void> delete(long projectId, String model) {
    return overrides
        .find(projectId, model == null ? "" : model.trim())
        .onItem()
        .ifNull()
        .failWith(
            () ->
                ProblemException.notFound("the project has no price override for '" + model + "'"))
        .flatMap(o -> overrides.delete(o))
        .invoke(() -> tables.remove(projectId));
  }

  /** The overrides as a map of model name to price. */
  static Map<String, ModelPrice> asMap(List<ModelPriceOverride> list) {
    Map<String, ModelPrice> map = new LinkedHashMap<>();
    for (ModelPriceOverride o : list) {
      map.put(o.model, o.price());
    }
    return map;
  }

  private static boolean validPrice(double usdPerMillion) {
    return usdPerMillion >= 0 && !Double.isInfinite(usdPerMillion);
  }
}
