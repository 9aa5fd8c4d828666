// Progress for the terminal: one redrawn line on a TTY, a line every few seconds otherwise (logs).
import { formatEta } from '../jobs/progress.ts';
import type { JobProgress } from '../jobs/types.ts';

let lastPlain = 0;

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
