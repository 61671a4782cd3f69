/**
 * A map ready to share: the map canvas with a title above it and, below it, the legend, the
 * sources with the date and, in red, the mark of any synthetic demo data. Drawn on a new canvas
 * at the map's own pixel density.
 */
export function mapSheet(
  map: HTMLCanvasElement,
  {
    title,
    unit,
    legend,
    source,
    synthetic,
  }: {
    title: string;
    unit: string;
    legend: ReadonlyArray<{ colour: string; label: string }>;
    source: string;
    synthetic: string | null;
  },
): HTMLCanvasElement {
  const scale = map.width / Math.max(1, map.clientWidth || map.width);
  const pad = 12 * scale;
  const line = 18 * scale;
  const width = map.width;
  const sheet = document.createElement("canvas");
  const ctx = sheet.getContext("2d")!;
  const font = (px: number, bold = false) =>
    `${bold ? "bold " : ""}${px * scale}px system-ui, sans-serif`;
  // Text wider than the sheet wraps onto more lines.
  const wrap = (text: string, px: number): string[] => {
    ctx.font = font(px);
    const words = text.split(" ");
    const lines: string[] = [];
    let current = "";
    for (const word of words) {
      const next = current ? `${current} ${word}` : word;
      if (ctx.measureText(next).width > width - 2 * pad && current) {
        lines.push(current);
        current = word;
      } else current = next;
    }
    if (current) lines.push(current);
    return lines;
  };
  const titleLines = wrap(title, 16);
  const sourceLines = wrap(source, 11);
  const syntheticLines = synthetic ? wrap(synthetic, 12) : [];
  const legendRows = Math.ceil(legend.length / 3);
  const top = pad + titleLines.length * line + pad / 2;
  const bottom =
    pad + (legendRows + 1) * line + (sourceLines.length + syntheticLines.length) * line + pad;
  sheet.width = width;
  sheet.height = Math.round(top + map.height + bottom);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, sheet.width, sheet.height);
  ctx.fillStyle = "#1b1f24";
  ctx.textBaseline = "top";
  ctx.font = font(16, true);
  titleLines.forEach((text, k) => ctx.fillText(text, pad, pad + k * line));
  ctx.drawImage(map, 0, top);
  let y = top + map.height + pad;
  ctx.font = font(12, true);
  ctx.fillText(unit, pad, y);
  y += line;
  ctx.font = font(12);
  const column = (width - 2 * pad) / 3;
  legend.forEach((item, k) => {
    const x = pad + (k % 3) * column;
    const rowY = y + Math.floor(k / 3) * line;
    ctx.fillStyle = item.colour;
    ctx.fillRect(x, rowY + 2 * scale, 14 * scale, 12 * scale);
    ctx.strokeStyle = "#888888";
    ctx.strokeRect(x, rowY + 2 * scale, 14 * scale, 12 * scale);
    ctx.fillStyle = "#1b1f24";
    ctx.fillText(item.label, x + 20 * scale, rowY);
  });
  y += legendRows * line;
  ctx.font = font(11);
  ctx.fillStyle = "#444444";
  for (const text of sourceLines) {
    ctx.fillText(text, pad, y);
    y += line;
  }
  ctx.font = font(12, true);
  ctx.fillStyle = "#b00020";
  for (const text of syntheticLines) {
    ctx.fillText(text, pad, y);
    y += line;
  }
  return sheet;
}
