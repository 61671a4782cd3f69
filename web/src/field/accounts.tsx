/** The administrator's accounts: who may act, in which role and scope; create, turn off, on. */
import { useState } from "preact/hooks";
import { fill, type Lang } from "../i18n.ts";
import { useRequest } from "../use-request.ts";
import { field } from "./field-api.ts";
import { ScrollTable } from "./scroll-table.tsx";
import { failure, OutcomeLine, ProblemLine, type Outcome } from "./outcome.tsx";
import { FIELD_WORDS } from "./words.ts";

const ROLES = ["school", "officer", "planner", "student", "admin"] as const;
const SCOPES = ["department", "ugel", "school", "local"] as const;

export function AccountsAdmin({
  lang,
  version,
  onChanged,
}: {
  lang: Lang;
  version: number;
  onChanged: () => void;
}) {
  const w = FIELD_WORDS[lang];
  const list = useRequest((signal) => field.accounts(signal), [], { refresh: version });
  const [problem, setProblem] = useState<string | null>(null);
  const toggle = (username: string, active: boolean) =>
    field.setActive(username, active).then(onChanged, (error: Error) => setProblem(error.message));
  return (
    <section class="field-list accounts">
      <h2>{w.accounts.title}</h2>
      <ProblemLine lang={lang} message={problem ?? list.error?.message} />
      {list.data && (
        <ScrollTable
          label={w.accounts.title}
          head={[w.accounts.username, w.accounts.role, w.accounts.scope, w.accounts.state]}
        >
          {list.data.map((a) => (
            <tr key={a.username} data-account={a.username}>
              <th scope="row">
                {a.username}
                <br />
                <span class="meta">{a.displayName}</span>
              </th>
              <td>{w.roles[a.role]}</td>
              <td>
                {a.scope ? fill(w.scopes[a.scope.kind] ?? "{code}", { code: a.scope.code }) : "–"}
              </td>
              <td>
                {a.active ? w.accounts.active : w.accounts.inactive}{" "}
                <button type="button" onClick={() => void toggle(a.username, !a.active)}>
                  {a.active ? w.accounts.disable : w.accounts.enable}
                </button>
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
      <NewAccount lang={lang} onCreated={onChanged} />
    </section>
  );
}

function NewAccount({ lang, onCreated }: { lang: Lang; onCreated: () => void }) {
  const w = FIELD_WORDS[lang];
  const blank = {
    username: "",
    displayName: "",
    role: "school",
    kind: "school",
    code: "",
    password: "",
  };
  const [form, setForm] = useState(blank);
  const [said, setSaid] = useState<Outcome | null>(null);
  const set = (change: Partial<typeof blank>) => setForm((f) => ({ ...f, ...change }));
  const text = (name: keyof typeof blank, label: string, type = "text") => (
    <label>
      {label}
      <input
        type={type}
        name={`account-${name}`}
        required={name !== "code" || form.kind !== ""}
        autocomplete={type === "password" ? "new-password" : "off"}
        value={form[name]}
        onInput={(e) => set({ [name]: (e.target as HTMLInputElement).value })}
      />
    </label>
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const made = await field.createAccount({
        username: form.username.trim(),
        displayName: form.displayName.trim(),
        role: form.role,
        scope: form.kind ? { kind: form.kind, code: form.code.trim() } : null,
        password: form.password,
      });
      setSaid({ ok: true, text: fill(w.accounts.created, { username: made.username }) });
      setForm(blank);
      onCreated();
    } catch (error) {
      setSaid(failure(lang, (error as Error).message));
    }
  };
  return (
    <details class="new-account">
      <summary>{w.accounts.add}</summary>
      <form class="field-form" onSubmit={submit}>
        {text("username", w.accounts.username)}
        {text("displayName", w.accounts.name)}
        <label>
          {w.accounts.role}
          <select
            value={form.role}
            onChange={(e) => set({ role: (e.target as HTMLSelectElement).value })}
          >
            {ROLES.map((r) => (
              <option value={r} key={r}>
                {w.roles[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w.accounts.scopeKind}
          <select
            value={form.kind}
            onChange={(e) => set({ kind: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{w.accounts.noScope}</option>
            {SCOPES.map((k) => (
              <option value={k} key={k}>
                {fill(w.scopes[k]!, { code: "…" })}
              </option>
            ))}
          </select>
        </label>
        {form.kind && text("code", w.accounts.scopeCode)}
        {text("password", w.accounts.password, "password")}
        <p class="actions">
          <button type="submit">{w.accounts.create}</button>
        </p>
        <OutcomeLine outcome={said} />
      </form>
    </details>
  );
}
