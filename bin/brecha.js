#!/usr/bin/env node
// Entry point of the `brecha` command: loads the TypeScript CLI through tsx, so that the same
// sources run in development, in tests and when installed.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
