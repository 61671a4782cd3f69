export interface KernelTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingRight: Uint8Array;
  readonly children: Int32Array;
  readonly value: Float64Array;
}
export function addTreeScores(
  trees: readonly KernelTree[],
  data: Float64Array,
  cols: number,
  from: number,
  to: number,
  out: Float64Array,
): void;
