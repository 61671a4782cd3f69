/** A dense row-major feature matrix: data[i * cols + f]; NaN marks a missing value. */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly names: readonly string[];
  readonly data: Float64Array;
}

export function featureMatrix(
  names: readonly string[],
  rows: ReadonlyArray<ArrayLike<number>>,
): FeatureMatrix {
  const cols = names.length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (row.length !== cols)
      throw new RangeError(`featureMatrix: row ${i} has ${row.length} values for ${cols} features`);
    for (let f = 0; f < cols; f++) data[i * cols + f] = row[f]!;
  });
  return { rows: rows.length, cols, names, data };
}

/** The rows at the given indices, in that order. */
export function takeRows(x: FeatureMatrix, indices: ArrayLike<number>): FeatureMatrix {
  const data = new Float64Array(indices.length * x.cols);
  for (let k = 0; k < indices.length; k++)
    data.set(x.data.subarray(indices[k]! * x.cols, (indices[k]! + 1) * x.cols), k * x.cols);
  return { rows: indices.length, cols: x.cols, names: x.names, data };
}

export function take(values: Float64Array, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = values[indices[k]!]!;
  return out;
}

/** A copy of the matrix with one column's values permuted by `order`. */
export function permuteColumn(
  x: FeatureMatrix,
  f: number,
  order: ArrayLike<number>,
): FeatureMatrix {
  const data = x.data.slice();
  for (let i = 0; i < x.rows; i++) data[i * x.cols + f] = x.data[order[i]! * x.cols + f]!;
  return { ...x, data };
}
