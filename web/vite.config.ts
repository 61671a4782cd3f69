import { resolve } from "node:path";
import { defineConfig } from "vite";

// The dashboard is served by the API under /app/; `npm run build:web` writes it to dist/web. The
// public hub finder (cerca.html) is a page of its own that shares nothing heavy with it.
export default defineConfig({
  root: import.meta.dirname,
  base: "/app/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        cerca: resolve(import.meta.dirname, "cerca.html"),
      },
    },
  },
});
