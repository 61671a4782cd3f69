export {
  loadConfig,
  clickhouseConnection,
  languageFromLocale,
  ConfigSchema,
  type Config,
  type ConfigInput,
} from "./config.ts";
