import { createPrng, sampleIndices, type Prng } from "./prng.ts";

/**
 * An isolation forest (Liu, Ting and Zhou, "Isolation Forest", ICDM 2008): random axis-parallel
 * splits isolate an anomaly in fewer steps than a normal point, so a short average path means an
 * anomaly. Trained on a seeded sample, stored as plain arrays, so a frozen baseline can be saved as
 * JSON and scores the same after a reload.
 */

/** One tree as parallel arrays; node 0 is the root. A leaf has feature -1 and `size` points. */
export type IsolationTree = {
  feature: number[];
  split: number[];
  left: number[];
  right: number[];
  size: number[];
};

export type IsolationForest = {
  trees: IsolationTree[];
  /** Points per tree (psi in the paper). */
  sampleSize: number;
  dimensions: number;
};

export type IsolationForestOptions = {
  /** Trees in the forest; the paper finds path lengths converge well before 100. */
  trees?: number;
  /** Points per tree; the paper's default 256 works across its benchmarks. */
  sampleSize?: number;
  seed: number;
};

/** Average path length of an unsuccessful binary-search-tree search among n points: c(n) in the paper. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  const harmonic = Math.log(n - 1) + 0.5772156649;
  return 2 * harmonic - (2 * (n - 1)) / n;
}

function buildTree(data: readonly number[][], indices: number[], heightLimit: number, dims: number, rng: Prng): IsolationTree {
  const tree: IsolationTree = { feature: [], split: [], left: [], right: [], size: [] };
  const grow = (idx: number[], depth: number): number => {
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.split.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.size.push(idx.length);
    if (depth >= heightLimit || idx.length <= 1) return node;
    // Pick a feature that still varies among these points; if none does, this is a leaf.
    const start = rng.int(dims);
    for (let k = 0; k < dims; k++) {
      const f = (start + k) % dims;
      let min = Infinity;
      let max = -Infinity;
      for (const i of idx) {
        const v = data[i][f];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (max > min) {
        const split = min + rng.next() * (max - min);
        const l = idx.filter((i) => data[i][f] < split);
        const r = idx.filter((i) => data[i][f] >= split);
        tree.feature[node] = f;
        tree.split[node] = split;
        tree.left[node] = grow(l, depth + 1);
        tree.right[node] = grow(r, depth + 1);
        return node;
      }
    }
    return node;
  };
  grow(indices, 0);
  return tree;
}

/**
 * Trains a forest on `data` (rows of equal length).
 *
 * @example
 * const forest = trainIsolationForest(rows, { seed: 42 });
 * anomalyScore(forest, row) // ~0.5 for ordinary points, towards 1 for anomalies
 */
export function trainIsolationForest(data: readonly number[][], options: IsolationForestOptions): IsolationForest {
  const { trees = 100, sampleSize = 256, seed } = options;
  const dims = data[0]?.length ?? 0;
  const psi = Math.min(sampleSize, data.length);
  const heightLimit = Math.ceil(Math.log2(Math.max(2, psi)));
  const rng = createPrng(seed);
  const forest: IsolationTree[] = [];
  for (let t = 0; t < trees; t++) {
    forest.push(buildTree(data, sampleIndices(data.length, psi, rng), heightLimit, dims, rng));
  }
  return { trees: forest, sampleSize: psi, dimensions: dims };
}

function pathLength(tree: IsolationTree, x: readonly number[]): number {
  let node = 0;
  let depth = 0;
  while (tree.feature[node] !== -1) {
    node = x[tree.feature[node]] < tree.split[node] ? tree.left[node] : tree.right[node];
    depth++;
  }
  return depth + averagePathLength(tree.size[node]);
}

/** The anomaly score s(x, psi) = 2^(-E[h(x)] / c(psi)), in (0, 1]; higher is more anomalous. */
export function anomalyScore(forest: IsolationForest, x: readonly number[]): number {
  if (forest.trees.length === 0) return 0.5;
  let total = 0;
  for (const tree of forest.trees) total += pathLength(tree, x);
  const c = averagePathLength(forest.sampleSize);
  return c === 0 ? 0.5 : Math.pow(2, -(total / forest.trees.length) / c);
}
