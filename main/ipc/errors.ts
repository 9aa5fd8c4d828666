// Errors that know their wire code. Services throw AppError; dispatch turns it into an envelope.
import type { ApiErrorShape, ErrorCode } from './contract.ts';

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
