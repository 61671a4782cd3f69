export {
  translate,
  datasetWords,
  formatNumber,
  MESSAGE_KEYS,
  ENGLISH_KEYS,
  type Lang,
  type MessageKey,
} from "./messages.ts";
