// Progress for the terminal: one redrawn line on a TTY, a line every few seconds otherwise (logs).
import type { JobProgress } from '../jobs/types.ts';

let lastPlain = 0;

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.ceil(seconds)}s left`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s left`;
}

export function renderProgress(label: string, p: JobProgress & { etaSeconds?: number }): void {
  const pct = p.fraction !== undefined ? `${(p.fraction * 100).toFixed(1).padStart(5)}%` : '';
  const count =
    p.done !== undefined
      ? `${p.done.toLocaleString('en-US')}${p.total ? `/${p.total.toLocaleString('en-US')}` : ''} ${p.unit ?? ''}`
      : '';
  const line = [label, pct, count.trim(), p.message ?? '', formatEta(p.etaSeconds)]
    .filter(Boolean)
    .join('  ');
  if (process.stderr.isTTY) {
    process.stderr.write(`\r\x1b[2K${line}`);
  } else if (Date.now() - lastPlain > 2000) {
    lastPlain = Date.now();
    process.stderr.write(`${line}\n`);
  }
}

export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}
