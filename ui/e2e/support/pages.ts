import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { POLL } from "./browser";

/** Trimmed text of every element the locator matches, once at least one is visible. */
export async function texts(locator: Locator): Promise<string[]> {
  await locator.first().waitFor({ state: "visible" });
  return (await locator.allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
}

/** The trace names shown by the `trace-row`s, in display order (polled until `expected` holds). */
export async function expectTraceRows(page: Page, expected: (names: string[]) => void): Promise<void> {
  await expect
    .poll(async () => {
      const rows = await page.getByTestId("trace-row").allInnerTexts();
      try {
        expected(rows);
        return true;
      } catch (e) {
        return `${(e as Error).message}\nrows: ${JSON.stringify(rows)}`;
      }
    }, POLL)
    .toBe(true);
}

/**
 * Sets a list filter the way a person does: picks the option of a `<select>`, or types into an
 * input and presses Enter.
 */
export async function setFilter(page: Page, param: string, value: string): Promise<void> {
  const input = page.getByTestId(`filter-${param}`);
  await input.waitFor({ state: "visible" });
  const tag = await input.evaluate((e) => e.tagName.toLowerCase());
  if (tag === "select") {
    await input.selectOption(value);
  } else {
    await input.fill(value);
    await input.press("Enter");
  }
}

/** The `span-tree-item`s, and the one with this name (the n-th of that name, 0-based). */
export function spanItem(page: Page, name: string, nth = 0): Locator {
  return page.getByTestId("span-tree-item").filter({ hasText: name }).nth(nth);
}

export async function expectSelected(item: Locator): Promise<void> {
  await expect.poll(() => item.getAttribute("aria-selected"), POLL).toBe("true");
}
