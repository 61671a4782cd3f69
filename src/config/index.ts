export {
  loadConfig,
  languageFromLocale,
  ConfigSchema,
  type Config,
  type ConfigInput,
} from "./config.ts";
