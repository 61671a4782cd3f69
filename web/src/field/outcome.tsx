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
