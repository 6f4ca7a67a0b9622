package dev.weft.server.auth;

import dev.weft.server.common.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies API keys and manages them. Verified keys are cached for {@code weft.auth.key-cache-ttl}
 * so the ingest path does not hit the database per request.
 *
 * <p>A key's {@code last_used_at} is stamped when it is looked up (a cache miss) and the stored
 * stamp is more than a minute old, so a busy key costs at most one small write a minute and per
 * server; the stamp is exact to that minute plus the cache's time to live.
 */
@ApplicationScoped
public class ApiKeyService {

  private static final int MAX_CACHED_KEYS = 10_000;

  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  @Inject ApiKeyRepository keys;
  @Inject ProjectRepository projects;
  @Inject AuthConfig config;
  @Inject Pool pool;

  private static final String TOUCH_SQL =
      "update api_keys set last_used_at = now() where id = $1"
          + " and (last_used_at is null or last_used_at < now() - interval '1 minute')";

  private record Cached(Principal principal, long expiresAtNanos) {}

  /** A created key: the stored record and the secret, which is shown exactly once. */
  public record CreatedKey(ApiKey key, String secret) {}

  /** Whether API keys are required ({@code weft.auth.enabled}). */
  public boolean authEnabled() {
    return config.enabled();
  }

  /**
   * The caller named by an {@code Authorization} header value.
   *
   * @throws ProblemException 401 when the header is missing, malformed or names no valid key
   */
  public Uni<Principal> authenticate(String authorizationHeader) {
    String secret = bearerSecret(authorizationHeader);
    String cacheKey = HexFormat.of().formatHex(ApiKeySecrets.hash(secret));
    Cached cached = cache.get(cacheKey);
    if (cached != null && cached.expiresAtNanos - System.nanoTime() > 0) {
      return Uni.createFrom().item(cached.principal);
    }
    return lookup(ApiKeySecrets.hash(secret))
        .invoke(
            principal -> {
              if (cache.size() >= MAX_CACHED_KEYS) {
                cache.clear();
              }
              cache.put(
                  cacheKey,
                  new Cached(principal, System.nanoTime() + config.keyCacheTtl().toNanos()));
            });
  }

  private Uni<Principal> lookup(byte[] hash) {
    // The stamp needs no session: it is written after the session is closed, so a lookup never
    // holds the session's connection while it waits for another one.
    return Panache.withSession(() -> principalOf(hash)).call(principal -> touch(principal.keyId()));
  }

  private Uni<Principal> principalOf(byte[] hash) {
    return keys.findByHash(hash)
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.unauthorized("the API key is not valid"))
        .flatMap(
            key -> {
              if (key.revokedAt != null) {
                return Uni.createFrom()
                    .failure(
                        ProblemException.unauthorized(
                            "the API key " + key.keyPrefix + "… was revoked; use another key"));
              }
              return projects
                  .findById(key.projectId)
                  .map(
                      project ->
                          new Principal(
                              project.id,
                              project.name,
                              Set.copyOf(Scope.parseList(key.scopes)),
                              key.id,
                              false));
            });
  }

  /** Stamps the key's last use; a failure to do so never fails the request it authenticates. */
  private Uni<Void> touch(long keyId) {
    return pool.preparedQuery(TOUCH_SQL)
        .execute(Tuple.of(keyId))
        .replaceWithVoid()
        .onFailure()
        .recoverWithNull();
  }

  /** Creates a key for a project. */
  @WithTransaction
  public Uni<CreatedKey> create(long projectId, String name, Set<Scope> scopes) {
    return createInSession(projectId, name, scopes, ApiKeySecrets.generate());
  }

  /** Creates a key with a given secret; callers must run inside a transaction. */
  Uni<CreatedKey> createInSession(long projectId, String name, Set<Scope> scopes, String secret) {
    ApiKey key = new ApiKey();
    key.projectId = projectId;
    key.name = name;
    key.keyPrefix = ApiKeySecrets.displayPrefix(secret);
    key.keyHash = ApiKeySecrets.hash(secret);
    key.scopes = Scope.toList(scopes);
    return keys.persist(key).map(saved -> new CreatedKey(saved, secret));
  }

  /** The keys of a project (revoked ones included, marked). */
  @WithSession
  public Uni<List<ApiKey>> list(long projectId) {
    return keys.listByProject(projectId);
  }

  /**
   * Revokes a key of the project. Refuses to revoke the project's last valid admin key, which would
   * lock everyone out of managing it.
   */
  @WithTransaction
  public Uni<ApiKey> revoke(long projectId, long keyId) {
    return keys.listByProject(projectId)
        .map(
            all -> {
              ApiKey target =
                  all.stream()
                      .filter(k -> k.id == keyId)
                      .findFirst()
                      .orElseThrow(
                          () ->
                              ProblemException.notFound(
                                  "the project has no API key with id " + keyId));
              if (target.revokedAt != null) {
                return target;
              }
              boolean targetIsAdmin = Scope.parseList(target.scopes).contains(Scope.ADMIN);
              long otherAdmins =
                  all.stream()
                      .filter(k -> k.revokedAt == null && k.id != keyId)
                      .filter(k -> Scope.parseList(k.scopes).contains(Scope.ADMIN))
                      .count();
              if (targetIsAdmin && otherAdmins == 0) {
                throw ProblemException.conflict(
                    "key "
                        + keyId
                        + " is the project's last admin key; create another admin key first");
              }
              target.revokedAt = Instant.now();
              cache.clear();
              return target;
            });
  }

  private static String bearerSecret(String header) {
    if (header == null || header.isBlank()) {
      throw ProblemException.unauthorized(
          "missing API key: send the header 'Authorization: Bearer <key>'");
    }
    String value = header.trim();
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      value = value.substring(7).trim();
    } else {
      throw ProblemException.unauthorized(
          "the Authorization header must have the form 'Bearer <key>'");
    }
    if (value.isEmpty()) {
      throw ProblemException.unauthorized("the Authorization header holds an empty key");
    }
    return value;
  }
}
