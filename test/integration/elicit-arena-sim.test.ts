// The arena's Done-when check on real data: ml-latest-small users left out of model training; 10 of
// each user's ratings imported as an IMDb-style export (the app fits theta from them); half of the
// rest are titles the user has seen (the arena's pool), the other half is hidden and predicted. Then
// 20 arena answers are given from the user's true ratings (equal ratings: "about the same") under
// each rule (expected
// information, maximum entropy, random pairs), through the real arena sessions and incremental fit;
// held-out RMSE after 0, 2, 5, 10 and 20 answers, per user and averaged over users (the pooled RMSE
// over all hidden ratings, which heavy raters dominate, is reported too). Between rules every
// answer is undone (U back to the session start), which must bring the fit back to where it started.
import { describe, expect, it } from 'vitest';
import { itemIndex } from '../../main/catalogue/items.ts';
import { predictUserScale } from '../../main/profile/theta/predict.ts';
import type { ArenaRule, ArenaState } from '../../main/elicit/types.ts';
import { hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';
import {
  eligibleUsers,
  heldOutData,
  heldOutServices,
  importOnly,
  trainWithout,
  usableRatings,
} from '../support/heldout.ts';

const USERS = 80;
const MIN_RATINGS = 60;
const IMPORTED = 10;
const ANSWERS = 20;
const CHECKPOINTS = [0, 2, 5, 10, 20];
const RULES: ArenaRule[] = ['info', 'entropy', 'random'];

describe.skipIf(!hasSharedData)(
  `arena on held-out ml-latest-small users (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    const h = heldOutServices();

    it('learns more per answer from information-gain pairs than from random pairs', async () => {
      const started = performance.now();
      const s = h.services();
      const { full, movies } = heldOutData(s);
      const { users: eligible, r } = eligibleUsers(full, MIN_RATINGS, 12);
      const users = eligible.slice(0, USERS);
      // One thread: the same model every run, so the figures reproduce.
      const { model } = await trainWithout(s, full, users, { seed: 3, threads: 1 });
      // Per rule and checkpoint: squared-error sums over every hidden rating, and per-user RMSEs.
      const sse = new Map(RULES.map((rule) => [rule, CHECKPOINTS.map(() => 0)]));
      const perUser = new Map(RULES.map((rule) => [rule, CHECKPOINTS.map(() => [] as number[])]));
      let n = 0;
      let sseBias = 0;
      let ties = 0;
      let exhausted = 0;
      for (const u of users) {
        // All of the user's ratings in a random order, films the app can match and the model knows.
        const withTconst = usableRatings(full, u, r, movies, model);
        const imported = withTconst.slice(0, IMPORTED);
        const rest = withTconst.slice(IMPORTED);
        const seen = rest.filter((_, i) => i % 2 === 0);
        const hidden = rest.filter((_, i) => i % 2 === 1);
        const { outcome } = await importOnly(s, h, `user-${full.userIds[u]}`, imported, movies);
        expect(outcome.fit?.ratingsUsed).toBe(IMPORTED);
        const startMean = Float64Array.from(s.profile.predictor()!.posterior.mean);
        const truth = new Map<string, number>(
          [...imported, ...seen].map((x) => [movies.get(x.movieId)!.tconst!, x.stars]),
        );
        const squaredErrors = () => {
          const post = s.profile.predictor()!.posterior;
          let e = 0;
          for (const x of hidden) {
            const p = predictUserScale(model, post, itemIndex(model, x.movieId));
            e += ((p.mean - x.stars * 2) / 2) ** 2;
          }
          return e;
        };
        for (const rule of RULES) {
          const errors = sse.get(rule)!;
          let st: ArenaState = s.elicit.arenaStart({
            rule,
            seed: 1000 + u,
            seen: seen.map((x) => movies.get(x.movieId)!.tconst!),
            popular: false,
          });
          const record = (c: number) => {
            const e = squaredErrors();
            errors[c]! += e;
            perUser.get(rule)![c]!.push(Math.sqrt(e / hidden.length));
          };
          record(0);
          while (st.answered < ANSWERS && st.pair) {
            const a = truth.get(st.pair.a.tconst)!;
            const b = truth.get(st.pair.b.tconst)!;
            if (a === b) ties++;
            st = s.elicit.arenaAnswer(st.sessionId, a === b ? 'tie' : a > b ? 'a' : 'b');
            // A person takes seconds an answer: the full fit behind each (fitter.ts) lands first.
            await s.profile.settled();
            const at = CHECKPOINTS.indexOf(st.answered);
            if (at > 0) record(at);
          }
          if (st.answered < ANSWERS) {
            // Out of pairs: the remaining checkpoints keep the last fit.
            exhausted++;
            for (let c = 1; c < CHECKPOINTS.length; c++) if (CHECKPOINTS[c]! > st.answered) record(c);
          }
          while (st.canUndo) st = s.elicit.arenaUndo(st.sessionId);
          expect(s.db.prepare('SELECT count(*) FROM profile_comparisons').pluck().get()).toBe(0);
          await s.profile.settled();
          // The state after the import's full fit, re-solved without the answers: the same up to the
          // full fit's last noise pass.
          const back = s.profile.predictor()!.posterior.mean;
          for (let i = 0; i < back.length; i++) expect(back[i]).toBeCloseTo(startMean[i]!, 3);
        }
        for (const x of hidden) {
          const i = itemIndex(model, x.movieId);
          sseBias += (model.mu + model.itemBiasMean[i]! - x.stars) ** 2;
        }
        n += hidden.length;
      }
      const pooled = (rule: ArenaRule) => sse.get(rule)!.map((e) => Math.sqrt(e / n));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const averaged = (rule: ArenaRule) => perUser.get(rule)!.map(mean);
      const curve = (values: number[]) => values.map((v, c) => `${CHECKPOINTS[c]}→${v.toFixed(4)}`).join(' ');
      console.log(
        `[arena held-out] ${users.length} users (>= ${MIN_RATINGS} ratings, left out of training), ${IMPORTED} ratings imported each, ` +
          `${n} hidden ratings; held-out RMSE (stars) after k answers, averaged over users — ` +
          `${RULES.map((rule) => `${rule}: ${curve(averaged(rule))}`).join('; ')}; pooled over all hidden ratings — ` +
          `${RULES.map((rule) => `${rule}: ${curve(pooled(rule))}`).join('; ')}; ` +
          `item-bias-only ${Math.sqrt(sseBias / n).toFixed(4)} (pooled); ${ties} ties answered as ties; ${exhausted} runs out of pairs; ` +
          `${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      const last = CHECKPOINTS.length - 1;
      const info = averaged('info');
      const random = averaged('random');
      expect(users.length).toBeGreaterThanOrEqual(30);
      expect(info[last]).toBeLessThan(random[last]!);
      // Ahead along the whole curve, not only at the end.
      expect(mean(info.slice(1))).toBeLessThan(mean(random.slice(1)));
      // Answers help: 20 of them beat the 10 ratings alone.
      expect(info[last]).toBeLessThan(info[0]!);
    }, 900_000);
  },
);
