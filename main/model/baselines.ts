// The two baselines check-calibration compares against: the global mean, and the classic damped
// bias-only model (mu + b_u + b_i, fitted by a few alternating shrunken means; Koren 2008).
import type { PreparedData } from './data.ts';

export interface BiasModel {
  mu: number;
  userBias: Float64Array;
  itemBias: Float64Array;
}

export function fitBiasOnly(
  data: PreparedData,
  userShrink = 15,
  itemShrink = 10,
  iterations = 10,
): BiasModel {
  const { users, items, ratings } = data.train;
  const userBias = new Float64Array(data.nUsers);
  const itemBias = new Float64Array(data.nItems);
  const sumU = new Float64Array(data.nUsers);
  const sumI = new Float64Array(data.nItems);
  for (let it = 0; it < iterations; it++) {
    sumI.fill(0);
    for (let p = 0; p < ratings.length; p++) sumI[items[p]!]! += ratings[p]! - data.mu - userBias[users[p]!]!;
    for (let i = 0; i < data.nItems; i++) itemBias[i] = sumI[i]! / (itemShrink + data.itemCounts[i]!);
    sumU.fill(0);
    for (let p = 0; p < ratings.length; p++) sumU[users[p]!]! += ratings[p]! - data.mu - itemBias[items[p]!]!;
    for (let u = 0; u < data.nUsers; u++) userBias[u] = sumU[u]! / (userShrink + data.userCounts[u]!);
  }
  return { mu: data.mu, userBias, itemBias };
}
