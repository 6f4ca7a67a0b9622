/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The Maven build writes the bundle where Quarkus serves static files from a jar.
const outDir = process.env.WEFT_UI_OUT ?? "target/classes/META-INF/resources";

export default defineConfig({
  plugins: [react()],
  build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: { "/api": "http://localhost:8080", "/q": "http://localhost:8080" },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
  },
});
