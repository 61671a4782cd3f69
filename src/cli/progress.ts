/** Progress on stderr: a one-line bar on a terminal (`auto`), or one line per stage (`plain`). */
export function createProgress(mode: "auto" | "plain" | "none"): {
  update: (label: string, done: number, total: number) => void;
  done: () => void;
} {
  const active = mode === "auto" && process.stderr.isTTY === true;
  let last = 0;
  let lastLabel = "";
  return {
    update(label, done, total) {
      if (mode === "plain" && label !== lastLabel) {
        lastLabel = label;
        process.stderr.write(`${label}\n`);
      }
      if (!active) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const width = 24;
      const filled = Math.round(share * width);
      process.stderr.write(
        `\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${Math.round(share * 100)}% ${label}   `,
      );
    },
    done() {
      if (active) process.stderr.write("\r\x1b[K");
    },
  };
}

/** Plain aligned columns for terminal tables. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
