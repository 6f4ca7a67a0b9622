package dev.weft.server.pricing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A project's own price for a model, which wins over the shipped price table. */
@Entity
@Table(name = "model_prices")
public class ModelPriceOverride {

  /** Database id. */
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  /** The project the price applies to. */
  @Column(name = "project_id", nullable = false)
  public Long projectId;

  /** The model name, matched like the shipped table's names. */
  @Column(columnDefinition = "text", nullable = false)
  public String model;

  /** USD per million input tokens. */
  @Column(name = "input_per_million", nullable = false)
  public double inputPerMillion;

  /** USD per million output tokens. */
  @Column(name = "output_per_million", nullable = false)
  public double outputPerMillion;

  /** USD per million input tokens read from the prompt cache, or null (priced as input). */
  @Column(name = "cache_read_per_million")
  public Double cacheReadPerMillion;

  /** USD per million input tokens written to the prompt cache, or null (priced as input). */
  @Column(name = "cache_write_per_million")
  public Double cacheWritePerMillion;

  /** The price this override sets. */
  public ModelPrice price() {
    return new ModelPrice(
        inputPerMillion, outputPerMillion, cacheReadPerMillion, cacheWritePerMillion);
  }

  /** When the price was last set. */
  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
