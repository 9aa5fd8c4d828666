// The TypeScript reference of the training step: the maths the native kernel must match, and the
// fallback when the addon is missing. Always one thread (step.threads is ignored).
//
// For a rating r of user u on item i, with posterior means m, variances v and e = r - prediction:
//   E[(r - mu - b_u - b_i - theta.beta)^2] = e^2 + v_bu + v_bi
//       + sum_k (m_theta^2 v_beta + v_theta m_beta^2 + v_theta v_beta)          (closed form)
// The step follows the gradient of the ELBO (times sigma^2) with respect to the means; the KL term
// of each user/item is spread over its ratings (reg = sigma^2 / n). Variances are not stepped here:
// epoch.ts sets them in closed form from the statistics accumulated below.
// The prior's pull is applied as a proximal (implicit) step, x <- (x + lr * g) / (1 + lr * reg / p):
// an explicit step diverges for rarely rated items, whose share of a tight prior is large.
import type { Examples } from './data.ts';
import type { Kernel, KernelStep, KernelSums } from './kernel.ts';
import type { VariationalState } from './state.ts';
import { dotMoments } from './predict.ts';

const moments = new Float64Array(2);

export const jsKernel: Kernel = {
  name: 'js',
  run(ex: Examples, s: VariationalState, step: KernelStep): KernelSums {
    const { dim, mu, userMean: um, userVar: uv, itemMean: im, itemVar: iv, userAcc, itemAcc, priorPrec } = s;
    const { userBias, itemBias, userBiasVar, itemBiasVar, userReg, itemReg } = s;
    const ubPrec = 1 / s.userBiasPrior;
    const ibPrec = 1 / s.itemBiasPrior;
    const { lr, lrBias } = step;
    let sse = 0;
    let ese = 0;
    for (let p = step.start; p < step.end; p++) {
      const u = ex.users[p]!;
      const i = ex.items[p]!;
      const uo = u * dim;
      const io = i * dim;
      dotMoments(um, uv, uo, im, iv, io, dim, moments);
      const dot = moments[0]!;
      const varTerm = moments[1]!;
      const bu = userBias[u]!;
      const bi = itemBias[i]!;
      const e = ex.ratings[p]! - (mu + bu + bi + dot);
      sse += e * e;
      ese += e * e + userBiasVar[u]! + itemBiasVar[i]! + varTerm;
      const ru = userReg[u]!;
      const ri = itemReg[i]!;
      userBias[u] = (bu + lrBias * e) / (1 + lrBias * ru * ubPrec);
      itemBias[i] = (bi + lrBias * e) / (1 + lrBias * ri * ibPrec);
      for (let k = 0; k < dim; k++) {
        const a = um[uo + k]!;
        const b = im[io + k]!;
        const va = uv[uo + k]!;
        const vb = iv[io + k]!;
        userAcc[uo + k]! += b * b + vb;
        itemAcc[io + k]! += a * a + va;
        um[uo + k] = (a + lr * (e * b - a * vb)) / (1 + lr * ru * priorPrec[k]!);
        im[io + k] = (b + lr * (e * a - b * va)) / (1 + lr * ri * priorPrec[k]!);
      }
    }
    return { sse, ese };
  },
};
