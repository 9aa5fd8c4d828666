// LibMF (github.com/cjlin1/libmf, built from its public source outside the repo; never a dependency)
// as the training benchmark's peer: the same training and validation ratings written in its text
// format ("user item rating" per line) to a temp folder, `mf-train -k K -s THREADS -t ITERS -p val`
// run under /usr/bin/time, its per-iteration validation RMSE read from its output. LibMF prints
// no per-iteration times (and refuses `-t 0`), so an iteration's time is the difference between
// the full run and a one-iteration run, over the iterations between them; loading is the rest.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Examples } from '../../main/model/data.ts';

export interface LibmfRun {
  iterations: number;
  wallSeconds: number;
  loadSeconds: number;
  secondsPerIteration: number;
  /** Validation RMSE after each iteration (LibMF numbers them from 0). */
  valRmse: number[];
  peakRssMb: number;
}

function writeExamples(file: string, ex: Examples): void {
  const fd = openSync(file, 'w');
  try {
    const CHUNK = 1 << 16;
    for (let s = 0; s < ex.ratings.length; s += CHUNK) {
      let text = '';
      for (let p = s; p < Math.min(ex.ratings.length, s + CHUNK); p++)
        text += `${ex.users[p]} ${ex.items[p]} ${ex.ratings[p]}\n`;
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
}

function run(bin: string, args: string[]): { seconds: number; stdout: string; rssMb: number } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', bin, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${bin} failed (${r.status}): ${r.stderr.slice(-1000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { seconds, stdout: r.stdout, rssMb: kb / 1024 };
}

/** Trains LibMF on `train`, validating on `val`, and reports its times and RMSE per iteration. */
export function runLibmf(
  bin: string,
  train: Examples,
  val: Examples,
  opts: { dim: number; threads: number; iterations: number },
): LibmfRun {
  const dir = mkdtempSync(join(tmpdir(), 'reeltaste-libmf-'));
  try {
    const trainFile = join(dir, 'train.txt');
    const valFile = join(dir, 'val.txt');
    writeExamples(trainFile, train);
    writeExamples(valFile, val);
    const common = ['-k', String(opts.dim), '-s', String(opts.threads), '-p', valFile, trainFile];
    const one = run(bin, ['-t', '1', ...common, join(dir, 'model1')]);
    const full = run(bin, ['-t', String(opts.iterations), ...common, join(dir, 'model')]);
    const perIteration = Math.max(0, full.seconds - one.seconds) / Math.max(1, opts.iterations - 1);
    // Lines "  0   0.9123   0.9345" (iter, tr_rmse, va_rmse[, obj]).
    const valRmse = [...full.stdout.matchAll(/^\s*(\d+)\s+([\d.]+)\s+([\d.]+)/gm)].map((m) => Number(m[3]));
    if (valRmse.length !== opts.iterations)
      throw new Error(
        `LibMF printed ${valRmse.length} iterations, expected ${opts.iterations}:\n${full.stdout}`,
      );
    return {
      iterations: opts.iterations,
      wallSeconds: full.seconds,
      loadSeconds: Math.max(0, one.seconds - perIteration),
      secondsPerIteration: perIteration,
      valRmse,
      peakRssMb: full.rssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
