// Runs a service job from the CLI: mirrors its progress (with the registry's ETA) on stderr and
// cancels it on Ctrl+C.
import type { CliContext } from '../command.ts';
import { endProgress } from '../progress.ts';

export async function runJob<T>(ctx: CliContext, job: { id: string; done: Promise<T> }): Promise<T> {
  const s = ctx.services();
  let lastBusy: string | undefined;
  const detach = s.events.on('jobs/changed', (snap) => {
    if (snap.id !== job.id || snap.state !== 'running') return;
    // Waiting behind another writer: say so on its own line, also with --json (stderr).
    const message = snap.progress.message;
    if (message?.startsWith('busy:')) {
      if (message !== lastBusy) {
        if (!ctx.json) endProgress();
        process.stderr.write(`${message}\n`);
        lastBusy = message;
      }
      return;
    }
    // renderProgress also shows the registry's ETA when it is there.
    const withEta = { ...snap.progress, etaSeconds: snap.etaSeconds };
    ctx.progress(snap.title, withEta);
  });
  const onAbort = () => s.jobs.cancel(job.id);
  ctx.signal.addEventListener('abort', onAbort);
  try {
    return await job.done;
  } finally {
    detach();
    ctx.signal.removeEventListener('abort', onAbort);
    if (!ctx.json) endProgress();
  }
}
