package dev.weft.server.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.server.ingest.OtlpEncoding;
import dev.weft.server.ingest.otlp.OtlpDecodeException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a REST request into an answer a person can act on: a problem document for
 * the REST API, a {@code google.rpc.Status} in the request's encoding for OTLP ({@code /v1/...}),
 * as the OTLP specification asks. Only genuine server faults become 500, and only those are logged.
 */
public final class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  /** The {@code Retry-After} of an answer given while the database is unavailable. */
  static final int DATABASE_RETRY_AFTER_SECONDS = 2;

  /** The answer when PostgreSQL rolled a request's transaction back over a concurrent one. */
  public static final String CONFLICT_MESSAGE =
      "the database rolled this request's transaction back to resolve a conflict with a concurrent"
          + " one (a deadlock or serialization failure); nothing of it was stored: send it again"
          + " after the Retry-After delay";

  /** Answers a {@link ProblemException} with its problem. */
  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
    return respond(e.problem(), e.retryAfterSeconds(), uri, headers);
  }

  /** An undecodable OTLP payload: 400. */
  @ServerExceptionMapper
  public Response undecodable(OtlpDecodeException e, UriInfo uri, HttpHeaders headers) {
    return respond(Problem.of(400, "Bad Request", e.getMessage()), null, uri, headers);
  }

  /** Answers malformed JSON request bodies with 400. */
  @ServerExceptionMapper
  public Response malformedJson(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
    return respond(
        Problem.of(400, "Bad Request", "request body is not valid JSON: " + e.getOriginalMessage()),
        null,
        uri,
        headers);
  }

  /** A JSON body of the wrong shape ({@code "index": "abc"}): 400 naming the field. */
  @ServerExceptionMapper
  public Response mismatchedJson(
      com.fasterxml.jackson.databind.exc.MismatchedInputException e,
      UriInfo uri,
      HttpHeaders headers) {
    String field =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(java.util.stream.Collectors.joining("."));
    return respond(
        Problem.of(
            400,
            "Bad Request",
            "request body does not have the expected shape"
                + (field.isEmpty() ? "" : " at '" + field + "'")
                + ": "
                + e.getOriginalMessage()),
        null,
        uri,
        headers);
  }

  /** Keeps the status of JAX-RS exceptions (404, 405, 406, 415, ...) and explains it. */
  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("Request failed", e);
    }
    Response.StatusType type = e.getResponse().getStatusInfo();
    String detail = e.getMessage() == null ? type.getReasonPhrase() : e.getMessage();
    if (e.getCause() instanceof JsonProcessingException json) {
      status = 400;
      type = Response.Status.BAD_REQUEST;
      detail = "request body is not valid JSON: " + json.getOriginalMessage();
    }
    String parameter = unconvertibleQueryParameter(e, uri);
    if (parameter != null) {
      // JAX-RS answers a query parameter it cannot convert (limit=many) with 404; it is a bad
      // request.
      status = 400;
      type = Response.Status.BAD_REQUEST;
      detail =
          "query parameter '"
              + parameter
              + "' has a value of the wrong type ("
              + e.getCause().getMessage()
              + "); the OpenAPI document at /q/openapi says what it takes";
    }
    return respond(Problem.of(status, type.getReasonPhrase(), detail), null, uri, headers);
  }

  /**
   * The query parameter whose value the framework could not convert to the method's parameter type
   * (it then throws a 404 caused by the conversion's {@code IllegalArgumentException}, such as a
   * {@code NumberFormatException} naming the value), or {@code null}.
   */
  static String unconvertibleQueryParameter(WebApplicationException e, UriInfo uri) {
    if (!(e instanceof NotFoundException)
        || !(e.getCause() instanceof IllegalArgumentException cause)
        || cause.getMessage() == null
        || uri == null) {
      return null;
    }
    for (var entry : uri.getQueryParameters().entrySet()) {
      for (String value : entry.getValue()) {
        if (cause.getMessage().contains("\"" + value + "\"")) {
          return entry.getKey();
        }
      }
    }
    return null;
  }

  /**
   * A bug: log it, tell the caller nothing internal. Two exceptions: a request value that
   * PostgreSQL refused to store or compare because it holds the NUL character is the caller's input
   * (400), whichever endpoint's statement met it; and a database that cannot be reached is an
   * outage (503 with {@code Retry-After}, see {@link DatabaseFailures}).
   */
  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
    if (holdsNul(e)) {
      return respond(
          Problem.of(
              400,
              "Bad Request",
              "a value of the request contains the NUL character (\\u0000), which PostgreSQL"
                  + " cannot store or compare; remove it"),
          null,
          uri,
          headers);
    }
    if (DatabaseFailures.unavailable(e)) {
      // An outage, not a bug: one line per request, no stack trace.
      LOG.warnf("The database is unavailable: %s", e);
      return respond(
          Problem.of(
              503,
              "Service Unavailable",
              "the database cannot be reached right now (it may be restarting); retry after the"
                  + " Retry-After delay"),
          DATABASE_RETRY_AFTER_SECONDS,
          uri,
          headers);
    }
    if (DatabaseFailures.conflict(e)) {
      // A deadlock or serialization failure with a concurrent transaction: nothing was stored.
      LOG.infof("A request's transaction lost a conflict with a concurrent one: %s", e);
      return respond(
          Problem.of(503, "Service Unavailable", CONFLICT_MESSAGE),
          DATABASE_RETRY_AFTER_SECONDS,
          uri,
          headers);
    }
    LOG.error("Unexpected failure while handling a request", e);
    return respond(
        Problem.of(
            500,
            "Internal Server Error",
            "the server failed to handle the request; the cause is in the server log"),
        null,
        uri,
        headers);
  }

  /**
   * Whether PostgreSQL failed the statement over a character it cannot hold: in text, SQLSTATE
   * 22021 (invalid byte sequence; from Java strings only the NUL character gives it), in JSON 22P05
   * (unsupported Unicode escape, {@code \\u0000}); directly or under a wrapper.
   */
  static boolean holdsNul(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String state =
          t instanceof io.vertx.pgclient.PgException pg
              ? pg.getSqlState()
              : t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
      if ("22021".equals(state) || "22P05".equals(state)) {
        return true;
      }
    }
    return false;
  }

  private static Response respond(
      Problem problem, Integer retryAfter, UriInfo uri, HttpHeaders headers) {
    Response.ResponseBuilder response;
    if (uri != null && uri.getPath().startsWith("/v1/")) {
      OtlpEncoding encoding =
          OtlpEncoding.forAnswer(headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
      response =
          Response.status(problem.status())
              .type(encoding.mediaType())
              .entity(encoding.status(grpcCode(problem.status()), problem.detail()));
    } else {
      response = respond(problem);
    }
    if (retryAfter != null) {
      response.header("Retry-After", retryAfter);
    }
    return response.build();
  }

  /** The response builder for a problem document. */
  public static Response.ResponseBuilder respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
  }

  /** The gRPC status code that corresponds to an HTTP status, as OTLP maps them. */
  public static int grpcCode(int httpStatus) {
    return switch (httpStatus) {
      case 400, 415 -> 3; // INVALID_ARGUMENT
      case 401 -> 16; // UNAUTHENTICATED
      case 403 -> 7; // PERMISSION_DENIED
      case 404 -> 5; // NOT_FOUND
      case 409 -> 6; // ALREADY_EXISTS
      case 413, 429 -> 8; // RESOURCE_EXHAUSTED
      case 503 -> 14; // UNAVAILABLE
      default -> httpStatus >= 500 ? 13 : 2; // INTERNAL / UNKNOWN
    };
  }
}
