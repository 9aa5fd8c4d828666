// A trained model as the rest of the app uses it (recommendations, theta fits, calibration).
// Factor matrices are item-major: factor k of item i is at [i * dim + k].

export interface ModelParams {
  dim: number;
  /** Global mean rating (0.5..5 scale). */
  mu: number;
  /** Learned observation noise variance sigma^2. */
  noiseVar: number;
  /** Prior variance of factor dimension k (decreasing in k: factors are ordered). */
  priorVar: Float32Array; // [dim]
  itemIds: Int32Array; // [items] MovieLens movieId, ascending (same order as RatingsMatrix.itemIds)
  itemBiasMean: Float32Array; // [items]
  itemBiasVar: Float32Array; // [items]
  itemFactorMean: Float32Array; // [items * dim]
  itemFactorVar: Float32Array; // [items * dim] mean-field variances
  itemCounts: Int32Array; // [items] training ratings per item
}
