package dev.weft.server.auth;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads and writes {@link ApiKey}s. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, Long> {

  /** The key with this secret digest (revoked or not), or {@code null}. */
  public Uni<ApiKey> findByHash(byte[] hash) {
    return find("keyHash", (Object) hash).firstResult();
  }

  /** All keys of a project, oldest first. */
  public Uni<List<ApiKey>> listByProject(long projectId) {
    return list("projectId = ?1 order by id", projectId);
  }
}
