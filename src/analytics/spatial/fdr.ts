/**
 * Benjamini-Hochberg false discovery rate (Benjamini & Hochberg 1995): the largest p-value
 * threshold p_(k) with p_(k) ≤ k α / m. Returns which tests are significant at rate `alpha`.
 */
export function benjaminiHochberg(pValues: ArrayLike<number>, alpha = 0.05): boolean[] {
  const m = pValues.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  let cutoff = -1;
  order.forEach((i, rank) => {
    if (pValues[i]! <= ((rank + 1) * alpha) / m) cutoff = rank;
  });
  const significant = new Array<boolean>(m).fill(false);
  for (let rank = 0; rank <= cutoff; rank++) significant[order[rank]!] = true;
  return significant;
}
