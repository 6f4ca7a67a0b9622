package dev.weft.datasets;

/**
 * A row with its 0-based position in a version.
 *
 * @param position 0-based position
 * @param row the row
 */
public record PositionedRow(int position, DatasetRow row) {}
