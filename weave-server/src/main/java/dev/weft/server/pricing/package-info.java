/**
 * Model prices and the cost of model calls: the shipped {@link dev.weft.server.pricing.PriceTable}
 * ({@code pricing/model-prices.json}), overridable per project, the pure {@link
 * dev.weft.server.pricing.CostCalculator}, and the backfill that prices spans stored before their
 * model had a price ({@link dev.weft.server.pricing.CostBackfillService}).
 */
package dev.weft.server.pricing;
