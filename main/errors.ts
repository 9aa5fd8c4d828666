// The app's error model, shared by every layer: services throw AppError with a code; the IPC
// dispatch and the CLI turn it into { code, message } (and the renderer back into AppError).

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_CHANNEL'
  | 'NOT_FOUND'
  | 'BAD_FILE'
  | 'CANCELLED'
  | 'WORKER_CRASHED'
  | 'NO_MODEL'
  | 'NO_DATA'
  | 'DB_TOO_NEW'
  | 'TERMS_NOT_ACCEPTED'
  | 'DIVERGED'
  // The database and its disk (mapped from SQLite's codes in main/db/errors.ts):
  | 'DISK_FULL'
  | 'READ_ONLY'
  | 'BUSY'
  | 'DB_DAMAGED'
  | 'CANNOT_OPEN'
  | 'DISK_ERROR'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  // GPU training: no usable adapter / the GPU failed a step / the device was lost mid-run.
  | 'GPU_UNAVAILABLE'
  | 'GPU_FAILED'
  | 'GPU_LOST';

/** What crosses a process boundary (IPC envelope, worker message, CLI --json). */
export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
  toShape(): ApiErrorShape {
    return { code: this.code, message: this.message };
  }
}

export function toErrorShape(err: unknown): ApiErrorShape {
  if (err instanceof AppError) return err.toShape();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
