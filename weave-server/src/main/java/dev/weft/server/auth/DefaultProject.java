package dev.weft.server.auth;

/** Holds the id of the {@code default} project once start-up has ensured it exists. */
@jakarta.enterprise.context.ApplicationScoped
public class DefaultProject {

  private volatile long id = -1;

  /** The default project's id. */
  public long id() {
    if (id < 0) {
      throw new IllegalStateException("the default project is not initialised yet");
    }
    return id;
  }

  void set(long id) {
    this.id = id;
  }

  /** The caller used for every request when authentication is disabled. */
  public Principal unrestrictedPrincipal() {
    return Principal.unrestricted(id(), ProjectService.DEFAULT_PROJECT);
  }
}
