package dev.weft.server.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An API key of a project; only the SHA-256 digest of its secret is stored. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

  /** Database id. */
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  /** The project the key belongs to. */
  @Column(name = "project_id", nullable = false)
  public Long projectId;

  /** A name people give the key ("ci", "prod ingest"). */
  @Column(columnDefinition = "text", nullable = false)
  public String name;

  /** The first characters of the secret, to recognise the key. */
  @Column(columnDefinition = "text", name = "key_prefix", nullable = false)
  public String keyPrefix;

  /** SHA-256 digest of the secret. */
  @Column(name = "key_hash", nullable = false, unique = true)
  public byte[] keyHash;

  /** Comma-separated scopes ({@code ingest,read,admin}). */
  @Column(columnDefinition = "text", nullable = false)
  public String scopes;

  /** When the key was created. */
  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @jakarta.persistence.PrePersist
  void stampCreation() {
    if (createdAt == null) {
      createdAt = Instant.now();
    }
  }

  /**
   * When the key last authenticated a request, to about a minute (see {@link ApiKeyService}), or
   * {@code null} if it never did.
   */
  @Column(name = "last_used_at", insertable = false, updatable = false)
  public Instant lastUsedAt;

  /** When the key was revoked, or {@code null} while it is valid. */
  @Column(name = "revoked_at")
  public Instant revokedAt;
}
