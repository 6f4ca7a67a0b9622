package dev.weft.server.auth;

import dev.weft.server.common.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

/** Creates projects and decides which project a caller may act on. */
@ApplicationScoped
public class ProjectService {

  /** The project that exists on every server and owns the bootstrap admin key. */
  public static final String DEFAULT_PROJECT = "default";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  @Inject ProjectRepository projects;
  @Inject ApiKeyService keys;

  /** A new project with its first admin key. */
  public record CreatedProject(Project project, ApiKeyService.CreatedKey adminKey) {}

  /** Checks a project name: lower-case letters, digits, '.', '_', '-', 1 to 63 characters. */
  public static String validName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ProblemException.badRequest(
          "invalid project name '"
              + name
              + "': use 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter"
              + " or digit");
    }
    return name;
  }

  /** Creates a project and an admin key for it; 409 when the name is taken. */
  @WithTransaction
  public Uni<CreatedProject> create(String name) {
    validName(name);
    return projects
        .findByName(name)
        .flatMap(
            existing -> {
              if (existing != null) {
                return Uni.createFrom()
                    .failure(ProblemException.conflict("project '" + name + "' already exists"));
              }
              Project project = new Project();
              project.name = name;
              return projects
                  .persistAndFlush(project)
                  .flatMap(
                      saved ->
                          keys.createInSession(
                                  saved.id,
                                  "admin",
                                  EnumSet.allOf(Scope.class),
                                  ApiKeySecrets.generate())
                              .map(key -> new CreatedProject(saved, key)));
            });
  }

  /** The project with this name, created if missing (used when auth is disabled). */
  @WithTransaction
  public Uni<Project> getOrCreate(String name) {
    validName(name);
    return projects
        .findByName(name)
        .flatMap(
            existing -> {
              if (existing != null) {
                return Uni.createFrom().item(existing);
              }
              Project project = new Project();
              project.name = name;
              return projects.persistAndFlush(project);
            });
  }

  /** The projects the caller may see: its key's project, or all when auth is disabled. */
  @WithSession
  public Uni<List<Project>> visibleTo(Principal principal) {
    if (principal.allProjects()) {
      return projects.listAll(io.quarkus.panache.common.Sort.by("name"));
    }
    return projects.findById(principal.projectId()).map(List::of);
  }

  /**
   * The id of the named project if the caller may act on it.
   *
   * @throws ProblemException 403 when the caller's key belongs to another project; 404 when auth is
   *     disabled and the project does not exist
   */
  public Uni<Long> resolve(Principal principal, String projectName) {
    if (principal.projectName().equals(projectName)) {
      return Uni.createFrom().item(principal.projectId());
    }
    if (!principal.allProjects()) {
      return Uni.createFrom()
          .failure(
              ProblemException.forbidden(
                  "this API key belongs to project '"
                      + principal.projectName()
                      + "' and cannot access project '"
                      + projectName
                      + "'"));
    }
    return Panache.withSession(() -> projects.findByName(projectName))
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("project '" + projectName + "' does not exist"))
        .map(p -> p.id);
  }
}
