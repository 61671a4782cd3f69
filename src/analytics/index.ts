export * from "./inequality/index.ts";
export * from "./spatial/index.ts";
