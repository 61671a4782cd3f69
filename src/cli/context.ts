// What every command receives, in a module of its own so that main.ts (which imports the
// commands) and the command files (which take a context) do not import each other.
import type { Config } from "../config/index.ts";
import type { Lang } from "../i18n/index.ts";

/** Options every command accepts. */
export interface GlobalOptions {
  home?: string;
  mirror?: string;
  lang?: Lang;
  json?: boolean;
}

export interface CommandContext {
  readonly config: Config;
  readonly json: boolean;
  readonly lang: Lang;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}
