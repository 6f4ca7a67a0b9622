/**
 * Model prices and the cost of model calls: the shipped {@link dev.weft.server.pricing.PriceTable}
 * ({@code pricing/model-prices.json}), overridable per deployment, and the pure {@link
 * dev.weft.server.pricing.CostCalculator}.
 */
package dev.weft.server.pricing;
