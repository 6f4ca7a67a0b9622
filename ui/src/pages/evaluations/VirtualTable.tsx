import { useRef, type ReactNode } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";

/**
 * A table that renders only the rows in view (10,000 evaluation rows stay smooth). Each item is
 * its own `<tbody>` so an expanded detail row below it is measured with it.
 */
export function VirtualTable<T>({
  items,
  header,
  renderItem,
  itemKey,
  estimateSize = 34,
  className = "grid",
  testId,
  columnWidths,
}: {
  items: T[];
  header: ReactNode;
  renderItem: (item: T, index: number) => ReactNode;
  itemKey: (item: T, index: number) => string | number;
  estimateSize?: number;
  className?: string;
  testId?: string;
  /** fixed column widths (CSS lengths): keeps columns from jumping as different rows scroll into view */
  columnWidths?: string[];
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateSize,
    overscan: 12,
    getItemKey: (i) => itemKey(items[i], i),
  });
  const virtualItems = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();
  const top = virtualItems.length > 0 ? virtualItems[0].start : 0;
  const bottom = virtualItems.length > 0 ? total - virtualItems[virtualItems.length - 1].end : 0;
  return (
    <div className="vscroll" ref={scrollRef} data-virtual-scroll="true" data-testid={testId}>
      <table className={columnWidths ? `${className} fixed` : className}>
        {columnWidths && (
          <colgroup>
            {columnWidths.map((w, i) => (
              <col key={i} style={{ width: w }} />
            ))}
          </colgroup>
        )}
        <thead>{header}</thead>
        {top > 0 && (
          <tbody aria-hidden="true">
            <tr style={{ height: top }} />
          </tbody>
        )}
        {virtualItems.map((v) => (
          <tbody key={v.key} data-index={v.index} ref={virtualizer.measureElement}>
            {renderItem(items[v.index], v.index)}
          </tbody>
        ))}
        {bottom > 0 && (
          <tbody aria-hidden="true">
            <tr style={{ height: bottom }} />
          </tbody>
        )}
      </table>
    </div>
  );
}
