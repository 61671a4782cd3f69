/**
 * Principal components of standardised indicators, by the cyclic Jacobi eigenvalue method on the
 * correlation matrix (Golub & Van Loan, "Matrix Computations", 4th ed., §8.5) — exact to machine
 * precision for the handful of indicators a typology uses.
 */
export interface Standardized {
  readonly z: Float64Array[];
  readonly means: Float64Array;
  readonly sds: Float64Array;
}

/** Columns standardised to mean 0 and standard deviation 1 (divided by n); constant columns are an error. */
export function standardize(
  columns: readonly ArrayLike<number>[],
  names: readonly string[] = [],
): Standardized {
  const n = columns[0]?.length ?? 0;
  const means = new Float64Array(columns.length);
  const sds = new Float64Array(columns.length);
  const z = columns.map((column, j) => {
    if (column.length !== n)
      throw new RangeError(
        `standardize: column ${names[j] ?? j} has ${column.length} values, expected ${n}`,
      );
    let mean = 0;
    for (let i = 0; i < n; i++) mean += column[i]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (column[i]! - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    if (!(sd > 0))
      throw new RangeError(
        `standardize: ${names[j] ?? `column ${j}`} has the same value everywhere`,
      );
    means[j] = mean;
    sds[j] = sd;
    return Float64Array.from(column, (v) => (v - mean) / sd);
  });
  return { z, means, sds };
}

/** Eigenvalues (descending) and unit eigenvectors (as columns) of a symmetric matrix. */
export function symmetricEigen(matrix: readonly (readonly number[])[]): {
  values: number[];
  vectors: number[][];
} {
  const p = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => (i === j ? 1 : 0)),
  );
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += a[i]![j]! ** 2;
    if (off < 1e-30) break;
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        if (Math.abs(a[i]![j]!) < 1e-300) continue;
        const theta = (a[j]![j]! - a[i]![i]!) / (2 * a[i]![j]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const aki = a[k]![i]!;
          const akj = a[k]![j]!;
          a[k]![i] = c * aki - s * akj;
          a[k]![j] = s * aki + c * akj;
        }
        for (let k = 0; k < p; k++) {
          const aik = a[i]![k]!;
          const ajk = a[j]![k]!;
          a[i]![k] = c * aik - s * ajk;
          a[j]![k] = s * aik + c * ajk;
        }
        for (let k = 0; k < p; k++) {
          const vki = v[k]![i]!;
          const vkj = v[k]![j]!;
          v[k]![i] = c * vki - s * vkj;
          v[k]![j] = s * vki + c * vkj;
        }
      }
    }
  }
  const order = Array.from({ length: p }, (_, i) => i).sort((x, y) => a[y]![y]! - a[x]![x]!);
  return {
    values: order.map((i) => a[i]![i]!),
    vectors: v.map((row) => order.map((i) => row[i]!)),
  };
}

export interface PcaResult {
  /** Share of total variance explained by each component. */
  readonly explained: number[];
  /** loadings[j][c]: weight of indicator j in component c (unit-length eigenvector). */
  readonly loadings: number[][];
  /** Scores of every unit on the first component, oriented so that `orientBy` loads positively. */
  readonly firstScores: Float64Array;
}

/**
 * PCA on standardised columns. The first component is the composite index; its sign is fixed so
 * that the column `orientBy` has a positive loading (an eigenvector's sign is arbitrary).
 */
export function pca(
  z: readonly Float64Array[],
  { orientBy = 0 }: { orientBy?: number } = {},
): PcaResult {
  const p = z.length;
  const n = z[0]!.length;
  const corr = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += z[i]![k]! * z[j]![k]!;
      return s / n;
    }),
  );
  const { values, vectors } = symmetricEigen(corr);
  const total = values.reduce((a, b) => a + b, 0);
  if (vectors[orientBy]![0]! < 0) for (const row of vectors) row[0] = -row[0]!;
  const firstScores = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += vectors[j]![0]! * z[j]![k]!;
    firstScores[k] = s;
  }
  return { explained: values.map((v) => v / total), loadings: vectors, firstScores };
}
