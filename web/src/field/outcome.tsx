import { fill, type Lang } from "../i18n.ts";
import { FIELD_WORDS } from "./words.ts";

/** What became of an action: done (announced politely) or failed (announced at once), or nothing
 * yet. */
export interface Outcome {
  readonly ok: boolean;
  readonly text: string;
}

export function OutcomeLine({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  return (
    <p class={outcome.ok ? "done" : "error"} role={outcome.ok ? "status" : "alert"}>
      {outcome.text}
    </p>
  );
}

/** An action that failed, in the words of the language: "No se pudo: …". */
export const failure = (lang: Lang, message: string): Outcome => ({
  ok: false,
  text: fill(FIELD_WORDS[lang].errorPrefix, { message }),
});

/** A problem reading or doing something, announced at once; nothing when there is none. */
export function ProblemLine({ lang, message }: { lang: Lang; message: string | null | undefined }) {
  return message ? <OutcomeLine outcome={failure(lang, message)} /> : null;
}
