/** A sentence with its blanks filled: "{n} escuelas" with { n: 3 } → "3 escuelas". Its own module
 * so that the hub finder's light page takes it without the dashboard's messages. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}
