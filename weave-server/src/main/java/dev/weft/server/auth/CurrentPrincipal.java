package dev.weft.server.auth;

import dev.weft.server.common.ProblemException;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the current REST request, set by {@link AuthFilter}. */
@RequestScoped
public class CurrentPrincipal {

  private Principal principal;

  /** The caller; fails when the resource method was not guarded by {@link RequiresScope}. */
  public Principal get() {
    if (principal == null) {
      throw ProblemException.unauthorized("this endpoint needs an API key");
    }
    return principal;
  }

  void set(Principal principal) {
    this.principal = principal;
  }
}
