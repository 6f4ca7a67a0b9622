package dev.weft.server.auth;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumSet;
import org.jboss.logging.Logger;

/**
 * At start-up: makes sure the {@code default} project exists and that someone can administer the
 * server — the configured bootstrap admin key is registered, or, on a first start with no keys at
 * all, a new admin key is generated and printed once.
 */
@ApplicationScoped
public class AuthBootstrap {

  private static final Logger LOG = Logger.getLogger(AuthBootstrap.class);

  @Inject ProjectRepository projects;
  @Inject ApiKeyRepository keys;
  @Inject ApiKeyService keyService;
  @Inject AuthConfig config;
  @Inject DefaultProject defaultProject;

  void onStart(@Observes StartupEvent event) throws Throwable {
    String printed =
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::bootstrap));
    if (printed != null) {
      LOG.warnf(
          "%n%n  No API key existed, so Weft created an admin key for project 'default':%n%n"
              + "      %s%n%n  It is shown only this once. Send it as 'Authorization: Bearer <key>'."
              + "%n  (Set WEFT_AUTH_BOOTSTRAP_ADMIN_KEY to choose the key yourself.)%n",
          printed);
    }
    if (!config.enabled()) {
      LOG.warn("Authentication is DISABLED (weft.auth.enabled=false): anyone can read and write");
    }
  }

  /** Returns a generated secret to print, or {@code null}. */
  private Uni<String> bootstrap() {
    return projects
        .findByName(ProjectService.DEFAULT_PROJECT)
        .flatMap(
            existing -> {
              if (existing != null) {
                return Uni.createFrom().item(existing);
              }
              Project project = new Project();
              project.name = ProjectService.DEFAULT_PROJECT;
              return projects.persistAndFlush(project);
            })
        .invoke(project -> defaultProject.set(project.id))
        .flatMap(
            project -> {
              if (config.bootstrapAdminKey().filter(k -> !k.isBlank()).isPresent()) {
                String secret = config.bootstrapAdminKey().get().trim();
                return keys.findByHash(ApiKeySecrets.hash(secret))
                    .flatMap(
                        found ->
                            found != null
                                ? Uni.createFrom().nullItem()
                                : keyService
                                    .createInSession(
                                        project.id,
                                        "bootstrap admin",
                                        EnumSet.allOf(Scope.class),
                                        secret)
                                    .replaceWith((String) null));
              }
              return keys.count()
                  .flatMap(
                      count ->
                          count > 0 || !config.enabled()
                              ? Uni.createFrom().nullItem()
                              : keyService
                                  .createInSession(
                                      project.id,
                                      "bootstrap admin",
                                      EnumSet.allOf(Scope.class),
                                      ApiKeySecrets.generate())
                                  .map(ApiKeyService.CreatedKey::secret));
            });
  }
}
