// Arena and rate-flow latency per answer for a large profile (3,000 rated titles, a 9,000-item
// model, K=20), through the real services on a temporary database. The random rule (no candidate
// scoring) is the baseline run in the same process: info and entropy add the pair scoring.
import { performance } from 'node:perf_hooks';
import { createServices } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import type { ArenaRule } from '../../main/elicit/types.ts';
import { installSyntheticCatalogue, syntheticTconst } from '../support/synthetic-catalogue.ts';
import { tempDir } from '../support/tmp.ts';
import { expected, syntheticModel, syntheticUser } from '../unit/profile-synthetic-model.ts';

const RATED = 3000;
const ANSWERS = 30;
const params = syntheticModel(9000, 20, 1);
const user = syntheticUser(params, 2);
const dir = tempDir('reeltaste-bench-');
const s = createServices({ dataDir: dir.path, spawner: nodeSpawner() });
const stats = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return `median ${v[v.length >> 1]!.toFixed(1)} ms, p95 ${v[Math.floor(0.95 * (v.length - 1))]!.toFixed(1)} ms, max ${v.at(-1)!.toFixed(1)} ms`;
};
try {
  installSyntheticCatalogue(s, params);
  for (let i = 0; i < RATED; i++) {
    const item = (i * 3) % params.itemIds.length;
    const r = Math.min(10, Math.max(1, Math.round(2 * expected(params, user, item))));
    s.profile.rate(syntheticTconst(params.itemIds[item]!), r);
  }
  console.log(
    `elicitation, ${RATED} rated titles, ${params.itemIds.length} items, K=20 (shared machine: compare rows, not absolutes)`,
  );
  for (const rule of ['random', 'entropy', 'info'] as ArenaRule[]) {
    let t = performance.now();
    let st = s.elicit.arenaStart({ rule, seed: 1 });
    const start = performance.now() - t;
    const answers: number[] = [];
    for (let i = 0; i < ANSWERS; i++) {
      t = performance.now();
      st = s.elicit.arenaAnswer(st.sessionId, i % 2 ? 'a' : 'b');
      answers.push(performance.now() - t);
    }
    const undos: number[] = [];
    while (st.canUndo) {
      t = performance.now();
      st = s.elicit.arenaUndo(st.sessionId);
      undos.push(performance.now() - t);
    }
    console.log(
      `  arena ${rule.padEnd(7)} start ${start.toFixed(0)} ms; answer ${stats(answers)}; undo ${stats(undos)}`,
    );
  }
  const target = syntheticTconst(params.itemIds[1]!);
  const steps: number[] = [];
  let t = performance.now();
  let r = s.elicit.rateStart(target);
  const start = performance.now() - t;
  while (!r.done) {
    t = performance.now();
    r = s.elicit.rateAnswer(r.sessionId, r.anchor!.yourRating! < 6 ? 'a' : 'b');
    steps.push(performance.now() - t);
  }
  console.log(`  rate flow start ${start.toFixed(0)} ms; answer ${stats(steps)} (${steps.length} steps)`);
} finally {
  s.shutdown();
  dir.remove();
}
