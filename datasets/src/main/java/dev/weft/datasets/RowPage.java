package dev.weft.datasets;

import java.util.List;

/**
 * One page of a version's rows, in position order.
 *
 * @param version the version read
 * @param rows the rows of this page
 * @param nextAfter pass as {@code after} to read the next page; {@code null} on the last page
 */
public record RowPage(DatasetVersion version, List<PositionedRow> rows, Integer nextAfter) {}
