/** Levels of learning resources, from early years to teachers. */
export const GRADES = ["inicial", "primaria", "secundaria", "adultos", "docentes"] as const;

/** A labelled choice among a list's options, shown by their names; `any` adds a first option
 * that chooses none (a filter left open). */
export function ChoiceField({
  label,
  value,
  options,
  names,
  any,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly string[];
  names: Readonly<Record<string, string>>;
  any?: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => (
          <option value={o} key={o}>
            {names[o] ?? o}
          </option>
        ))}
      </select>
    </label>
  );
}
