import { defineConfig } from "vitest/config";

/**
 * End-to-end journeys in a real headless chromium against a running Weft server (see
 * e2e/README.md). Run by the integration test `dev.weft.it.ui.UiJourneysIT`, which starts the
 * server, seeds data and passes the fixture path in WEFT_E2E_FIXTURE.
 */
export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    // One browser, one server, two cores: files run one after the other.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["verbose"],
  },
});
