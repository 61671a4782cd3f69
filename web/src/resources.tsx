/** The learning-resource repository for community hubs: search, filters and admin editing. */
import { useEffect, useState } from "preact/hooks";
import {
  removeResource,
  saveResource,
  searchResources,
  type Resource,
  type ResourceFilters,
} from "./api.ts";
import { ChoiceField, GRADES } from "./choice-field.tsx";
import { Recommendations } from "./field/recommendations.tsx";
import { FIELD_WORDS } from "./field/words.ts";
import { fill, MESSAGES, type Lang } from "./i18n.ts";
import {
  RESOURCE_FORMATS as FORMATS,
  RESOURCE_LANGUAGES as LANGUAGES,
} from "../../src/contract/index.ts";

const SUBJECTS = [
  "comunicacion",
  "matematica",
  "ciencia",
  "ciudadania",
  "tecnologia",
  "arte",
  "general",
] as const;

const EMPTY: Resource = {
  id: "",
  title: "",
  description: "",
  subject: "general",
  grades: ["primaria"],
  languages: ["es"],
  format: "web",
  sizeMb: null,
  worksOffline: false,
  licence: "",
  url: "https://",
  hubs: [],
};

/** The resource tab: resources recommended for a learner's profile, or the repository's search. */
export function ResourcesPanel({ lang, hub }: { lang: Lang; hub: string }) {
  const [mode, setMode] = useState<"search" | "recommend">("search");
  const w = FIELD_WORDS[lang];
  return (
    <>
      <p class="actions mode" role="group">
        <button type="button" aria-pressed={mode === "search"} onClick={() => setMode("search")}>
          {w.recommend.searchMode}
        </button>
        <button
          type="button"
          aria-pressed={mode === "recommend"}
          onClick={() => setMode("recommend")}
        >
          {w.recommend.title}
        </button>
      </p>
      {mode === "search" ? (
        <ResourceSearch lang={lang} hub={hub} />
      ) : (
        <Recommendations lang={lang} />
      )}
    </>
  );
}

function ResourceSearch({ lang, hub }: { lang: Lang; hub: string }) {
  const t = MESSAGES[lang].resources;
  const [filters, setFilters] = useState<ResourceFilters>({
    q: "",
    language: "",
    subject: "",
    grade: "",
    offline: false,
    hub,
  });
  const [found, setFound] = useState<Resource[]>([]);
  const [version, setVersion] = useState(0);
  const [key, setKey] = useState(() => sessionStorage.getItem("brecha-admin-key") ?? "");
  const [admin, setAdmin] = useState(false);
  const [editing, setEditing] = useState<{ resource: Resource; replacing: string | null } | null>(
    null,
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [searchProblem, setSearchProblem] = useState<string | null>(null);
  useEffect(() => setFilters((f) => ({ ...f, hub })), [hub]);
  useEffect(() => {
    const timer = setTimeout(() => {
      searchResources(filters).then(
        (list) => {
          setFound(list);
          setSearchProblem(null);
        },
        (error: Error) => {
          setFound([]);
          setSearchProblem(error.message);
        },
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [filters, version]);
  const set = (patch: Partial<ResourceFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const remove = async (id: string) => {
    if (!confirm(fill(t.confirmDelete, { id }))) return;
    try {
      await removeResource(key, id);
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <div class="panel">
      <ResourceFilterFields lang={lang} filters={filters} set={set} />
      {filters.hub && (
        <p class="note">
          {fill(t.forHub, { hub: filters.hub })}{" "}
          <button type="button" class="link" onClick={() => set({ hub: "" })}>
            {t.allHubs}
          </button>
        </p>
      )}
      {searchProblem ? (
        <p class="error" role="alert">
          {searchProblem}
        </p>
      ) : (
        <p class="note" aria-live="polite">
          {found.length === 1 ? t.resultsOne : fill(t.results, { count: found.length })}
        </p>
      )}
      <ul class="resources">
        {found.map((r) => (
          <ResourceCard
            key={r.id}
            resource={r}
            lang={lang}
            admin={admin}
            onEdit={() => setEditing({ resource: { ...EMPTY, ...r }, replacing: r.id })}
            onRemove={() => void remove(r.id)}
          />
        ))}
      </ul>
      <details class="admin" onToggle={(e) => setAdmin((e.target as HTMLDetailsElement).open)}>
        <summary>{t.manage}</summary>
        <label>
          {t.adminKey}
          <input
            type="password"
            autocomplete="off"
            value={key}
            onInput={(e) => {
              const value = (e.target as HTMLInputElement).value;
              setKey(value);
              sessionStorage.setItem("brecha-admin-key", value);
            }}
          />
        </label>
        <button type="button" onClick={() => setEditing({ resource: EMPTY, replacing: null })}>
          {t.add}
        </button>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        {editing && (
          <ResourceForm
            lang={lang}
            initial={editing.resource}
            replacing={editing.replacing}
            onCancel={() => setEditing(null)}
            onSave={async (resource) => {
              await saveResource(key, resource, editing.replacing);
              setEditing(null);
              setVersion((v) => v + 1);
            }}
          />
        )}
      </details>
    </div>
  );
}

/** The search box, the three filters and the offline check of the resource list. */
function ResourceFilterFields({
  lang,
  filters,
  set,
}: {
  lang: Lang;
  filters: ResourceFilters;
  set: (patch: Partial<ResourceFilters>) => void;
}) {
  const t = MESSAGES[lang].resources;
  return (
    <>
      <label>
        {t.search}
        <input
          type="search"
          value={filters.q}
          onInput={(e) => set({ q: (e.target as HTMLInputElement).value })}
        />
      </label>
      <div class="filter-grid">
        <ChoiceField
          label={t.language}
          value={filters.language}
          options={LANGUAGES}
          names={t.languages}
          any={t.any}
          onChange={(language) => set({ language })}
        />
        <ChoiceField
          label={t.subject}
          value={filters.subject}
          options={SUBJECTS}
          names={t.subjects}
          any={t.any}
          onChange={(subject) => set({ subject })}
        />
        <ChoiceField
          label={t.grade}
          value={filters.grade}
          options={GRADES}
          names={t.grades}
          any={t.any}
          onChange={(grade) => set({ grade })}
        />
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={filters.offline}
          onChange={(e) => set({ offline: (e.target as HTMLInputElement).checked })}
        />
        {t.offline}
      </label>
    </>
  );
}

/** One resource of the list: its link, description and facts, and, for an admin, edit and delete. */
function ResourceCard({
  resource: r,
  lang,
  admin,
  onEdit,
  onRemove,
}: {
  resource: Resource;
  lang: Lang;
  admin: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const t = MESSAGES[lang].resources;
  return (
    <li data-id={r.id}>
      <a href={r.url} target="_blank" rel="noopener noreferrer">
        {r.title}
      </a>
      <p>{r.description}</p>
      <p class="note">
        {r.languages.map((l) => t.languages[l as "es"] ?? l).join(", ")} ·{" "}
        {t.subjects[r.subject as "general"] ?? r.subject} · {t.formats[r.format] ?? r.format}
        {r.worksOffline ? ` · ${t.offline}` : ""} · {t.licence}: {r.licence}
        {r.hubs.length > 0 ? ` · ${fill(t.linkedHubs, { count: r.hubs.length })}` : ""}
      </p>
      {admin && (
        <p class="actions">
          <button type="button" onClick={onEdit}>
            {t.edit}
          </button>
          <button type="button" onClick={onRemove}>
            {t.remove}
          </button>
        </p>
      )}
    </li>
  );
}

/** A set of checkboxes choosing some of a list's options. */
function CheckList({
  legend,
  options,
  names,
  chosen,
  onChange,
}: {
  legend: string;
  options: readonly string[];
  names: Record<string, string>;
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  return (
    <fieldset class="checks">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label class="check" key={o}>
          <input
            type="checkbox"
            checked={chosen.includes(o)}
            onChange={(e) =>
              onChange(
                (e.target as HTMLInputElement).checked
                  ? [...chosen, o]
                  : chosen.filter((x) => x !== o),
              )
            }
          />
          {names[o] ?? o}
        </label>
      ))}
    </fieldset>
  );
}

/** Adds or edits one resource; the API validates it and its message is shown as it is. */
function ResourceForm({
  lang,
  initial,
  replacing,
  onCancel,
  onSave,
}: {
  lang: Lang;
  initial: Resource;
  replacing: string | null;
  onCancel: () => void;
  onSave: (resource: Resource) => Promise<void>;
}) {
  const t = MESSAGES[lang].resources;
  const [r, setR] = useState<Resource>(initial);
  const [hubs, setHubs] = useState(initial.hubs.join(", "));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const text = (field: "id" | "title" | "description" | "licence" | "url", long = false) => (
    <label>
      {t.fields[field]}
      {long ? (
        <textarea
          value={r[field]}
          onInput={(e) => setR({ ...r, [field]: (e.target as HTMLTextAreaElement).value })}
        />
      ) : (
        <input
          type="text"
          name={field}
          value={r[field]}
          readOnly={field === "id" && replacing !== null}
          onInput={(e) => setR({ ...r, [field]: (e.target as HTMLInputElement).value })}
        />
      )}
    </label>
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await onSave({
        ...r,
        hubs: hubs
          .split(/[\s,;]+/)
          .map((h) => h.trim())
          .filter(Boolean),
      });
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="resource-form" onSubmit={submit}>
      {text("id")}
      {text("title")}
      {text("description", true)}
      <ChoiceField
        label={t.fields.subject}
        value={r.subject}
        options={SUBJECTS}
        names={t.subjects}
        onChange={(subject) => setR({ ...r, subject })}
      />
      <CheckList
        legend={t.fields.grades}
        options={GRADES}
        names={t.grades}
        chosen={r.grades}
        onChange={(grades) => setR({ ...r, grades })}
      />
      <CheckList
        legend={t.fields.languages}
        options={LANGUAGES}
        names={t.languages}
        chosen={r.languages}
        onChange={(languages) => setR({ ...r, languages })}
      />
      <ChoiceField
        label={t.fields.format}
        value={r.format}
        options={FORMATS}
        names={t.formats}
        onChange={(format) => setR({ ...r, format })}
      />
      <label>
        {t.fields.sizeMb}
        <input
          type="number"
          min={0}
          step="any"
          value={r.sizeMb ?? ""}
          onInput={(e) => {
            const v = (e.target as HTMLInputElement).value;
            setR({ ...r, sizeMb: v === "" ? null : Number(v) });
          }}
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={r.worksOffline}
          onChange={(e) => setR({ ...r, worksOffline: (e.target as HTMLInputElement).checked })}
        />
        {t.offline}
      </label>
      {text("licence")}
      {text("url")}
      <label>
        {t.fields.hubs}
        <input
          type="text"
          name="hubs"
          value={hubs}
          onInput={(e) => setHubs((e.target as HTMLInputElement).value)}
        />
      </label>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <p class="actions">
        <button type="submit" disabled={busy}>
          {t.save}
        </button>
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </p>
    </form>
  );
}
