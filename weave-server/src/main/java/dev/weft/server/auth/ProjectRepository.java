package dev.weft.server.auth;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads and writes {@link Project}s. */
@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, Long> {

  /** The project with this name, or {@code null}. */
  public Uni<Project> findByName(String name) {
    return find("name", name).firstResult();
  }
}
