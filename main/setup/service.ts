// The first-run setup: one job that runs the existing jobs in order (the MovieLens download and
// import, optionally the IMDb one, then training), mirrors their progress as one bar, and records
// each phase so a setup interrupted by closing the app resumes where it stopped: a finished phase
// is skipped (checked against what the data folder holds), a half-downloaded file resumes with a
// Range request, an import or a training run starts over (both are all-or-nothing).
import type { AppContext } from '../services/context.ts';
import { AppError } from '../errors.ts';
import { acceptTerms, assertTermsAccepted, MOVIELENS_VARIANTS, startDownload } from '../datasets/service.ts';
import type { DatasetSource } from '../datasets/types.ts';
import type { JobContext } from '../jobs/registry.ts';
import { cancelled } from '../jobs/registry.ts';
import type { ModelService } from '../model/service.ts';
import { readDatasets } from '../catalogue/datasets.ts';
import { readSetup, writeSetup } from './store.ts';
import type {
  SetupPhase,
  SetupRequest,
  SetupResult,
  SetupState,
  SetupStepResult,
  SetupVariant,
} from './types.ts';

const PHASE_LABEL: Record<SetupPhase, string> = {
  'download-movielens': 'MovieLens',
  'download-imdb': 'IMDb',
  train: 'Training',
};

/** Rough share of the time each phase takes, for one progress bar (and its ETA) over all of them. */
function shares(variant: SetupVariant): Record<SetupPhase, number> {
  return variant === 'ml-latest-small'
    ? { 'download-movielens': 0.1, 'download-imdb': 0.5, train: 0.4 }
    : { 'download-movielens': 0.35, 'download-imdb': 0.15, train: 0.5 };
}

export function setupPhases(req: { imdb: boolean }): SetupPhase[] {
  return ['download-movielens', ...(req.imdb ? (['download-imdb'] as const) : []), 'train'];
}

export class SetupService {
  private readonly app: AppContext;
  private readonly model: ModelService;
  private current: { id: string; done: Promise<SetupResult> } | null = null;

  constructor(app: AppContext, model: ModelService) {
    this.app = app;
    this.model = model;
  }

  state(): SetupState {
    const stored = readSetup(this.app.db);
    const variant = stored?.variant ?? null;
    const imdb = stored?.imdb ?? false;
    const running = this.current !== null && this.app.jobs.get(this.current.id)?.state === 'running';
    const movielens = readDatasets(this.app.db).find((d) => d.kind === 'movielens');
    const ready = movielens !== undefined && this.app.statusParts.model?.(this.app.db);
    const hasProfile = this.app.statusParts.profile?.(this.app.db) != null;
    // From what the folder holds; an existing user (nothing stored) with ratings is done.
    const step: SetupState['step'] = running
      ? 'running'
      : stored?.stage === 'running'
        ? 'interrupted'
        : !ready
          ? 'choose'
          : stored?.stage === 'done' || (stored?.stage !== 'profile' && hasProfile)
            ? 'done'
            : 'profile';
    return {
      step,
      dismissed: stored?.stage === 'done' || stored?.stage === 'skipped',
      variant,
      imdb,
      phases: variant ? setupPhases({ imdb }) : [],
      phase: stored?.phase ?? null,
      completed: variant ? this.completed({ variant, imdb }) : [],
      jobId: running ? this.current!.id : null,
      error: step === 'interrupted' ? (stored?.error ?? null) : null,
      importedVariant: movielens?.version ?? null,
    };
  }

  /** Starts (or resumes) the setup as a job; throws at once if the terms are not accepted. */
  start(req: SetupRequest): { id: string; done: Promise<SetupResult> } {
    const { app } = this;
    if (!MOVIELENS_VARIANTS.includes(req.variant))
      throw new AppError(
        'INVALID_INPUT',
        `Unknown MovieLens variant ${String(req.variant)}; choose one of ${MOVIELENS_VARIANTS.join(', ')}.`,
      );
    if (this.current && app.jobs.get(this.current.id)?.state === 'running')
      throw new AppError('INVALID_INPUT', 'Setup is already running: follow it, or cancel it first.');
    const sources: DatasetSource[] = req.imdb ? ['movielens', 'imdb'] : ['movielens'];
    if (req.acceptTerms) for (const s of sources) acceptTerms(app.db, s);
    for (const s of sources) assertTermsAccepted(app, s);
    const plan = setupPhases(req);
    writeSetup(app.db, {
      stage: 'running',
      variant: req.variant,
      imdb: req.imdb,
      phase: plan[0],
      error: null,
    });
    const job = app.jobs.start('setup', `Setting up Reeltaste (${req.variant})`, (ctx) =>
      this.run(req, plan, ctx),
    );
    this.current = job;
    void job.done.catch((err: unknown) => {
      // Stays 'running' in the store: the next state() says interrupted, with why. When the app is
      // quitting the database is already closed: the stored phase says enough.
      if (!app.db.open) return;
      const cancel = err instanceof AppError && err.code === 'CANCELLED';
      writeSetup(app.db, {
        error: cancel ? 'Setup was cancelled.' : err instanceof Error ? err.message : String(err),
      });
    });
    return job;
  }

  /** The user has ratings and goes to the recommendations: the guide is over. */
  finish(): SetupState {
    writeSetup(this.app.db, { stage: 'done', phase: null, error: null });
    return this.state();
  }

  /** "I'll set things up myself": the guide no longer opens by itself (it stays reachable). */
  skip(): SetupState {
    if (this.current && this.app.jobs.get(this.current.id)?.state === 'running')
      this.app.jobs.cancel(this.current.id);
    writeSetup(this.app.db, { stage: 'skipped', phase: null });
    return this.state();
  }

  /** Phases this data folder already has: the variant imported, IMDb imported, a model trained since. */
  private completed(req: { variant: SetupVariant; imdb: boolean }): SetupPhase[] {
    const datasets = readDatasets(this.app.db);
    const movielens = datasets.find((d) => d.kind === 'movielens');
    const model = this.app.statusParts.model?.(this.app.db);
    const done: SetupPhase[] = [];
    if (movielens?.version === req.variant) done.push('download-movielens');
    if (req.imdb && ['imdb-basics', 'imdb-ratings'].every((k) => datasets.some((d) => d.kind === k)))
      done.push('download-imdb');
    if (movielens && model && model.createdAt > movielens.importedAt) done.push('train');
    return done;
  }

  private async run(req: SetupRequest, plan: SetupPhase[], ctx: JobContext): Promise<SetupResult> {
    const { app } = this;
    const started = performance.now();
    const share = shares(req.variant);
    const total = plan.reduce((s, p) => s + share[p], 0);
    const steps: SetupStepResult[] = [];
    let from = 0;
    for (const [i, phase] of plan.entries()) {
      if (ctx.signal.aborted) throw cancelled('Setup was cancelled.');
      const weight = share[phase] / total;
      const t0 = performance.now();
      if (this.completed(req).includes(phase)) {
        steps.push({ phase, skipped: true, seconds: 0 });
        from += weight;
        continue;
      }
      writeSetup(app.db, { phase });
      const label = `Step ${i + 1} of ${plan.length} (${PHASE_LABEL[phase]})`;
      const seconds = () => Math.round(performance.now() - t0) / 1000;
      if (phase === 'train') {
        const result = await this.follow(this.model.startTraining({}), ctx, label, from, weight);
        steps.push({ phase, skipped: false, seconds: seconds(), result });
      } else {
        const download =
          phase === 'download-movielens'
            ? startDownload(app, { source: 'movielens', variant: req.variant })
            : startDownload(app, { source: 'imdb' });
        const result = await this.follow(download, ctx, label, from, weight);
        steps.push({ phase, skipped: false, seconds: seconds(), result });
      }
      from += weight;
    }
    const model = app.statusParts.model?.(app.db);
    if (!model) throw new AppError('NO_MODEL', 'Setup finished without an active model.');
    writeSetup(app.db, { stage: 'profile', phase: null, error: null });
    return {
      variant: req.variant,
      imdb: req.imdb,
      steps,
      modelId: model.id,
      seconds: Math.round(performance.now() - started) / 1000,
    };
  }

  /** Waits for a child job, showing its progress as this job's (one bar), and cancels it with us. */
  private async follow<T>(
    child: { id: string; done: Promise<T> },
    ctx: JobContext,
    label: string,
    from: number,
    weight: number,
  ): Promise<T> {
    const { app } = this;
    const detach = app.events.on('jobs/changed', (snap) => {
      if (snap.id !== child.id || snap.state !== 'running') return;
      const p = snap.progress;
      ctx.progress({
        ...p,
        fraction: from + weight * (p.fraction ?? 0),
        message: `${label}: ${p.message ?? snap.title}`,
      });
    });
    const onAbort = () => app.jobs.cancel(child.id);
    ctx.signal.addEventListener('abort', onAbort);
    try {
      return await child.done;
    } finally {
      detach();
      ctx.signal.removeEventListener('abort', onAbort);
    }
  }
}
