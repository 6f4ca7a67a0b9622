package dev.weft.server.pricing;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads and writes {@link ModelPriceOverride}s. */
@ApplicationScoped
public class ModelPriceOverrideRepository
    implements PanacheRepositoryBase<ModelPriceOverride, Long> {

  /** The overrides of a project, by model name. */
  public Uni<List<ModelPriceOverride>> listByProject(long projectId) {
    return list("projectId = ?1 order by model", projectId);
  }

  /** The override of one model, or {@code null}. */
  public Uni<ModelPriceOverride> find(long projectId, String model) {
    return find("projectId = ?1 and model = ?2", projectId, model).firstResult();
  }
}
