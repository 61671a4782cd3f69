import type { ComponentChildren } from "preact";

/** A table that scrolls sideways in its own box on a narrow screen, reachable and named for the
 * keyboard; `head` are the column titles, the children its rows. */
export function ScrollTable({
  label,
  head,
  children,
}: {
  label: string;
  head: readonly string[];
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
