// Errors for bad input files: every message names the file, the line and what was expected, so a
// user can open the file and see the problem.
import { AppError } from '../errors.ts';

export function badFile(label: string, message: string): AppError {
  return new AppError('BAD_FILE', `${label}: ${message}`);
}

export function badLine(label: string, line: number, expected: string, found?: string): AppError {
  const shown = found === undefined ? '' : `, found ${quote(found)}`;
  return new AppError(
    'BAD_FILE',
    `${label} line ${line}: expected ${expected}${shown}. Nothing was imported.`,
  );
}

/** A short, printable rendering of what was found (long lines and control bytes are cut). */
export function quote(text: string): string {
  // eslint-disable-next-line no-control-regex -- control bytes are exactly what must not be echoed
  const clean = text.replace(/\r$/, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?');
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 77)}...` : clean);
}
