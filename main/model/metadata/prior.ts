// The metadata prior applied after training to the trained items themselves (RLFM's item prior,
// post hoc): an item trained with a zero prior mean has posterior mean m and variance V; under the
// prior N(f(x), P) with the same variance P its mean would be m + (V / P) f(x), V unchanged. Items
// with many ratings barely move; a film with three ratings moves most of the way to what its
// metadata says, as a metadata-only title does, so the two rank on the same footing.
import type { ModelParams } from '../types.ts';
import type { MetadataModel } from './model.ts';
import type { TitleMetadata } from './types.ts';

export function withMetadataPrior(
  params: ModelParams,
  model: MetadataModel,
  metadata: ReadonlyMap<number, TitleMetadata>,
): ModelParams {
  const { dim } = params;
  const biasPrior = model.data.options.biasPrior;
  const out = {
    ...params,
    itemBiasMean: params.itemBiasMean.slice(),
    itemFactorMean: params.itemFactorMean.slice(),
  };
  for (let i = 0; i < params.itemIds.length; i++) {
    const t = metadata.get(params.itemIds[i]!);
    if (!t) continue;
    const f = model.posterior(t);
    out.itemBiasMean[i]! += Math.min(1, params.itemBiasVar[i]! / biasPrior) * f.bias;
    for (let k = 0; k < dim; k++) {
      const o = i * dim + k;
      out.itemFactorMean[o]! += Math.min(1, params.itemFactorVar[o]! / params.priorVar[k]!) * f.mean[k]!;
    }
  }
  return out;
}
