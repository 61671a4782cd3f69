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
export const BINS: number;
export const CHANNELS: number;
export function addToHistogram(
  bins: Uint8Array,
  cols: number,
  grad: Float64Array,
  hess: Float64Array,
  indices: Int32Array,
  start: number,
  end: number,
  hist: Float64Array,
  fromFeature: number,
  toFeature: number,
): void;
export const REQUEST: {
  readonly SEQ: 0;
  readonly DONE: 1;
  readonly START: 2;
  readonly END: 3;
  readonly OFFSET: 4;
  readonly FROM: 5;
  readonly TO: 6;
};
