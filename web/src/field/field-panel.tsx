/** "Mi cuenta": sign-in, then what the person's role does — a school files and follows its
 * requests and receives shipments; a DRE/UGEL officer reviews, dispatches and watches efficiency;
 * planners and administrators watch requests, shipments and efficiency across the country. */
import { useEffect, useState } from "preact/hooks";
import { fill, type Lang } from "../i18n.ts";
import type { MapPoint } from "../planning.tsx";
import type { Account } from "./field-api.ts";
import { AccountsAdmin } from "./accounts.tsx";
import { Recommendations } from "./recommendations.tsx";
import { RequestForm, RequestList, ReviewQueue } from "./requests.tsx";
import { signIn, signOut, useSession } from "./session.ts";
import { EfficiencyView, ShipmentList } from "./shipments.tsx";
import { FIELD_WORDS } from "./words.ts";

/** The light public page that finds the nearest access centre. */
export const HUB_FINDER_PATH = "/app/cerca.html";

export function FieldPanel({
  lang,
  onPoints,
}: {
  lang: Lang;
  /** Told where the requests on screen are, for the map. */
  onPoints: (points: MapPoint[], synthetic: string[]) => void;
}) {
  const w = FIELD_WORDS[lang];
  const session = useSession();
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  // Signed out: no one's requests stay on the map.
  useEffect(() => {
    if (!session) onPoints([], []);
  }, [session, onPoints]);
  if (session === undefined) return <p class="loading-note">…</p>;
  if (session === null) return <SignInForm lang={lang} />;
  const { account } = session;
  return (
    <div class="panel field">
      <p class="signed-in">
        {fill(w.signIn.signedInAs, { name: account.displayName })} · {w.roles[account.role]}
        {account.scope
          ? ` · ${fill(w.scopes[account.scope.kind] ?? "{code}", { code: account.scope.code })}`
          : ""}{" "}
        <button type="button" class="link" onClick={() => void signOut()}>
          {w.signIn.signOut}
        </button>
      </p>
      <RoleScreens
        lang={lang}
        account={account}
        version={version}
        onChanged={changed}
        onPoints={onPoints}
      />
    </div>
  );
}

function RoleScreens({
  lang,
  account,
  version,
  onChanged,
  onPoints,
}: {
  lang: Lang;
  account: Account;
  version: number;
  onChanged: () => void;
  onPoints: (points: MapPoint[], synthetic: string[]) => void;
}) {
  const w = FIELD_WORDS[lang];
  const common = { lang, version, onChanged };
  switch (account.role) {
    case "school":
      return (
        <>
          <RequestForm
            lang={lang}
            school={account.scope?.kind === "school" ? account.scope.code : ""}
            onFiled={onChanged}
          />
          <RequestList {...common} title={w.request.mine} canWithdraw onPoints={onPoints} />
          <ShipmentList {...common} title={w.shipments.toReceive} act="receive" />
        </>
      );
    case "officer":
      return (
        <>
          <ReviewQueue {...common} />
          <ShipmentList {...common} title={w.shipments.title} act="dispatch" />
          <EfficiencyView lang={lang} version={version} by="ugel" />
          <RequestList {...common} title={w.request.all} canWithdraw={false} onPoints={onPoints} />
        </>
      );
    case "student":
      return <Recommendations lang={lang} />;
    default:
      return (
        <>
          {account.role === "admin" && <AccountsAdmin {...common} />}
          <EfficiencyView lang={lang} version={version} by="department" />
          <ShipmentList {...common} title={w.shipments.title} act="watch" />
          <RequestList {...common} title={w.request.all} canWithdraw={false} onPoints={onPoints} />
        </>
      );
  }
}

function SignInForm({ lang }: { lang: Lang }) {
  const w = FIELD_WORDS[lang].signIn;
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await signIn(username.trim(), password);
    } catch (error) {
      setProblem((error as Error).message);
      setBusy(false);
    }
  };
  return (
    <div class="panel field">
      <form class="field-form sign-in" onSubmit={submit}>
        <h2>{w.title}</h2>
        <p class="note">{w.intro}</p>
        <label>
          {w.username}
          <input
            type="text"
            name="username"
            autocomplete="username"
            required
            value={username}
            onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {w.password}
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </label>
        <p class="actions">
          <button type="submit" disabled={busy}>
            {busy ? w.busy : w.submit}
          </button>
        </p>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
      </form>
      <p class="note">
        {w.hubFinder} <a href={HUB_FINDER_PATH}>{w.hubFinderLink}</a>
      </p>
    </div>
  );
}
