import { writeFileSync } from "node:fs";
import { SOURCES, dataDictionaryMarkdown } from "../src/sources/index.ts";

// `npm run docs`: regenerates docs/data-dictionary.md from the source specs.
writeFileSync("docs/data-dictionary.md", dataDictionaryMarkdown(SOURCES));
console.log("docs/data-dictionary.md written");
