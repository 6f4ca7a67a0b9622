import { defineConfig } from "vitest/config";

/** The browser half of the UI benchmark (bench/ui-run.sh at the repository root). */
export default defineConfig({
  test: {
    environment: "node",
    include: ["bench/**/*.run.ts"],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    reporters: ["verbose"],
  },
});
