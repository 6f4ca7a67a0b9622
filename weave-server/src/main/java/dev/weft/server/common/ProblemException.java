package dev.weft.server.common;

/**
 * Ends a request with a problem document; thrown (or failed into a {@code Uni}) by resources and
 * services when input is wrong or access is denied.
 */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;
  private final Integer retryAfterSeconds;

  private ProblemException(Problem problem, Integer retryAfterSeconds) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The problem to answer with. */
  public Problem problem() {
    return problem;
  }

  /** Seconds for a {@code Retry-After} header, or {@code null}. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** 400: the request is malformed. */
  public static ProblemException badRequest(String detail) {
    return new ProblemException(Problem.of(400, "Bad Request", detail), null);
  }

  /** 401: no credentials or unknown credentials. */
  public static ProblemException unauthorized(String detail) {
    return new ProblemException(Problem.of(401, "Unauthorized", detail), null);
  }

  /** 403: the credentials do not allow this. */
  public static ProblemException forbidden(String detail) {
    return new ProblemException(Problem.of(403, "Forbidden", detail), null);
  }

  /** 404: the thing asked for does not exist (or is not visible to the caller). */
  public static ProblemException notFound(String detail) {
    return new ProblemException(Problem.of(404, "Not Found", detail), null);
  }

  /** 409: the request conflicts with the current state. */
  public static ProblemException conflict(String detail) {
    return new ProblemException(Problem.of(409, "Conflict", detail), null);
  }

  /** 413: the request body is too large. */
  public static ProblemException tooLarge(String detail) {
    return new ProblemException(Problem.of(413, "Payload Too Large", detail), null);
  }

  /** 415: the request body has a media type this endpoint does not take. */
  public static ProblemException unsupportedMediaType(String detail) {
    return new ProblemException(Problem.of(415, "Unsupported Media Type", detail), null);
  }

  /**
   * 503: the server cannot answer now; with {@code Retry-After} when the client should simply retry
   * later, without ({@code null}) when retrying the same request will not help.
   */
  public static ProblemException unavailable(String detail, Integer retryAfterSeconds) {
    return new ProblemException(Problem.of(503, "Service Unavailable", detail), retryAfterSeconds);
  }
}
