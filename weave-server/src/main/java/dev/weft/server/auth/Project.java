package dev.weft.server.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A project: the tenant boundary that owns keys, spans and traces. */
@Entity
@Table(name = "projects")
public class Project {

  /** Database id. */
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  /** Unique name, as used in URLs and in the {@code weft.project} attribute. */
  @Column(columnDefinition = "text", nullable = false, unique = true)
  public String name;

  /** When the project was created. */
  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @jakarta.persistence.PrePersist
  void stampCreation() {
    if (createdAt == null) {
      createdAt = Instant.now();
    }
  }
}
