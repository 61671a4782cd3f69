/** Learning resources ranked for a learner's language, level, connection and device, and the
 * signed-in person's rating of each (1-5 and "useful"), which moves the ranking. */
import { useState } from "preact/hooks";
import { CONNECTIVITY, DEVICES, RESOURCE_LANGUAGES } from "../../../src/contract/index.ts";
import { fill, formatNumber, MESSAGES, type Lang } from "../i18n.ts";
import { ChoiceField, GRADES } from "../choice-field.tsx";
import { useRequest } from "../use-request.ts";
import { field, type Recommendations as Ranked } from "./field-api.ts";
import { useSession } from "./session.ts";
import { FIELD_WORDS } from "./words.ts";
import { failure, OutcomeLine, ProblemLine, type Outcome } from "./outcome.tsx";

type Item = Ranked["items"][number];

export function Recommendations({ lang }: { lang: Lang }) {
  const w = FIELD_WORDS[lang].recommend;
  const t = MESSAGES[lang].resources;
  const session = useSession();
  const [profile, setProfile] = useState({
    language: "es",
    level: "primaria",
    connectivity: "intermittent",
    device: "phone",
  });
  const [version, setVersion] = useState(0);
  const ranked = useRequest((signal) => field.recommendations(profile, signal), [profile], {
    keep: true,
    refresh: `${version}:${session?.account.username ?? ""}`,
  });
  const set = (change: Partial<typeof profile>) => setProfile((p) => ({ ...p, ...change }));
  return (
    <section class="recommendations">
      <h2>{w.title}</h2>
      <p class="note">{w.intro}</p>
      <div class="filter-grid">
        <ChoiceField
          label={w.language}
          value={profile.language}
          options={RESOURCE_LANGUAGES}
          names={t.languages}
          onChange={(language) => set({ language })}
        />
        <ChoiceField
          label={w.level}
          value={profile.level}
          options={GRADES}
          names={t.grades}
          any={w.anyLevel}
          onChange={(level) => set({ level })}
        />
        <ChoiceField
          label={w.connectivity}
          value={profile.connectivity}
          options={CONNECTIVITY}
          names={w.connectivities}
          onChange={(connectivity) => set({ connectivity })}
        />
        <ChoiceField
          label={w.device}
          value={profile.device}
          options={DEVICES}
          names={w.devices}
          onChange={(device) => set({ device })}
        />
      </div>
      {!session && <p class="note">{w.signInToRate}</p>}
      <ProblemLine lang={lang} message={ranked.error?.message} />
      <ol class="resources ranked">
        {ranked.data?.items.map((item) => (
          <RankedCard
            lang={lang}
            item={item}
            canVote={!!session}
            onVoted={() => setVersion((v) => v + 1)}
            key={item.resource.id}
          />
        ))}
      </ol>
    </section>
  );
}

function RankedCard({
  lang,
  item,
  canVote,
  onVoted,
}: {
  lang: Lang;
  item: Item;
  canVote: boolean;
  onVoted: () => void;
}) {
  const w = FIELD_WORDS[lang].recommend;
  const t = MESSAGES[lang].resources;
  const r = item.resource;
  const [said, setSaid] = useState<Outcome | null>(null);
  const vote = (choice: { rating?: number; useful?: boolean }) =>
    field.vote(r.id, choice).then(
      () => {
        setSaid({ ok: true, text: w.thanks });
        onVoted();
      },
      (error: Error) => setSaid(failure(lang, error.message)),
    );
  return (
    <li data-id={r.id}>
      <a href={r.url} target="_blank" rel="noopener noreferrer">
        {r.title}
      </a>
      <p class="note">
        {t.formats[r.format] ?? r.format} ·{" "}
        {r.languages.map((l) => t.languages[l as "es"] ?? l).join(", ")} ·{" "}
        {item.rating === null
          ? w.noVotes
          : fill(w.votes, { rating: formatNumber(lang, item.rating), votes: item.votes })}
      </p>
      <ul class="reasons">
        {item.reasons.map((reason, i) => (
          <li key={i}>{reason[lang]}</li>
        ))}
      </ul>
      {canVote && (
        <p class="rating" role="group" aria-label={`${w.rate}: ${r.title}`}>
          {[1, 2, 3, 4, 5].map((n) => (
            <button
              type="button"
              key={n}
              class="star"
              aria-pressed={item.myVote?.rating === n}
              aria-label={fill(w.stars, { n })}
              onClick={() => void vote({ rating: n })}
            >
              {(item.myVote?.rating ?? 0) >= n ? "★" : "☆"}
            </button>
          ))}
          <button
            type="button"
            aria-pressed={item.myVote?.useful === true}
            onClick={() => void vote({ useful: !(item.myVote?.useful ?? false) })}
          >
            {w.useful}
          </button>
        </p>
      )}
      <OutcomeLine outcome={said} />
    </li>
  );
}
