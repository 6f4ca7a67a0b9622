package dev.weft.server.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling: the project an API key belongs to and what it may do there.
 *
 * @param projectId the key's project
 * @param projectName the key's project name
 * @param scopes the key's scopes
 * @param keyId the key's id, or {@code null} when auth is disabled
 * @param allProjects true only when authentication is disabled by configuration: the caller may
 *     then act on any project
 */
public record Principal(
    long projectId, String projectName, Set<Scope> scopes, Long keyId, boolean allProjects) {

  /** The caller used when {@code weft.auth.enabled=false}. */
  public static Principal unrestricted(long defaultProjectId, String defaultProjectName) {
    return new Principal(
        defaultProjectId, defaultProjectName, EnumSet.allOf(Scope.class), null, true);
  }

  /** Whether the caller has the scope. */
  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }
}
