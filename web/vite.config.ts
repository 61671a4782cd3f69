import { defineConfig } from "vite";

// The dashboard is served by the API under /app/; `npm run build:web` writes it to dist/web.
export default defineConfig({
  root: import.meta.dirname,
  base: "/app/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "../dist/web", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
