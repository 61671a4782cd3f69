// ESLint flat config: typescript-eslint's recommended type-aware rules, plus the layering rule
// from docs/architecture.md (folders import each other only through their index.ts).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const layers = [
  "contract",
  "domain",
  "errors",
  "config",
  "i18n",
  "sources",
  "tables",
  "storage",
  "analytics",
  "optimise",
  "models",
  "resources",
  "pipeline",
  "api",
  "cli",
];

export default tseslint.config(
  { ignores: ["node_modules/", ".brecha/", "test/fixtures/", "test/output/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@duckdb/node-api",
              message:
                "Only src/storage/duckdb/ may import the DuckDB package; use the Store interface.",
            },
            {
              name: "@clickhouse/client",
              message:
                "Only src/storage/clickhouse/ may import the ClickHouse client; use the Store interface.",
            },
          ],
          patterns: layers.map((layer) => ({
            group: [`**/${layer}/*/**`, `**/${layer}/*.ts`, `!**/${layer}/index.ts`],
            message: `Import from ${layer}/index.ts, not from its internals.`,
          })),
        },
      ],
    },
  },
  {
    // The dashboard's hooks: called unconditionally, and effects list what they read.
    // useRequest takes a dependency list like useEffect, so it is checked the same way.
    files: ["web/**/*.ts", "web/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": ["error", { additionalHooks: "^useRequest$" }],
    },
  },
  {
    // The dashboard's service worker: plain JavaScript, served as it is.
    files: ["web/public/sw.js"],
    languageOptions: { globals: globals.serviceworker },
  },
  {
    files: ["bin/**/*.js", "src/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", performance: "readonly" } },
  },
  {
    // Each engine adapter may import its driver; so may the benchmarks that measure the engines.
    files: ["src/storage/duckdb/**/*.ts", "src/storage/clickhouse/**/*.ts", "bench/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
