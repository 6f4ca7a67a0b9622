package dev.weft.server.auth;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** JSON shapes of the projects and keys API. */
public final class AuthViews {

  private AuthViews() {}

  /**
   * A project.
   *
   * @param name the project name
   * @param createdAt when it was created
   */
  public record ProjectView(String name, Instant createdAt) {
    static ProjectView of(Project p) {
      return new ProjectView(p.name, p.createdAt);
    }
  }

  /**
   * An API key without its secret.
   *
   * @param id key id (used to revoke it)
   * @param name the name given to the key
   * @param prefix the first characters of the secret
   * @param scopes what the key may do
   * @param createdAt when it was created
   * @param lastUsedAt when it last authenticated a request, to about a minute; null if never
   * @param revokedAt when it was revoked, or null
   */
  public record KeyView(
      long id,
      String name,
      String prefix,
      List<String> scopes,
      Instant createdAt,
      @Schema(nullable = true) Instant lastUsedAt,
      @Schema(nullable = true) Instant revokedAt) {
    static KeyView of(ApiKey k) {
      return new KeyView(
          k.id,
          k.name,
          k.keyPrefix,
          Scope.parseList(k.scopes).stream().map(Scope::wireName).toList(),
          k.createdAt,
          k.lastUsedAt,
          k.revokedAt);
    }
  }

  /**
   * A newly created key, with the secret shown this once.
   *
   * @param key the key
   * @param secret the secret to send as {@code Authorization: Bearer <secret>}
   */
  public record CreatedKeyView(KeyView key, String secret) {
    static CreatedKeyView of(ApiKeyService.CreatedKey created) {
      return new CreatedKeyView(KeyView.of(created.key()), created.secret());
    }
  }

  /**
   * A newly created project and its first admin key.
   *
   * @param project the project
   * @param adminKey its admin key, secret included
   */
  public record CreatedProjectView(ProjectView project, CreatedKeyView adminKey) {}

  /**
   * Body of {@code POST /api/v1/projects}.
   *
   * @param name the new project's name
   */
  public record CreateProjectRequest(String name) {}

  /**
   * Body of {@code POST /api/v1/projects/{project}/keys}.
   *
   * @param name a name for the key
   * @param scopes any of {@code ingest}, {@code read}, {@code admin}
   */
  public record CreateKeyRequest(String name, List<String> scopes) {}

  /**
   * The caller, as its key says.
   *
   * @param project the key's project
   * @param scopes the key's scopes
   * @param authEnabled false when the server runs without authentication
   */
  public record WhoAmI(String project, List<String> scopes, boolean authEnabled) {}
}
