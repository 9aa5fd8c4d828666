// Small display helpers shared by components (the time left reads as in the terminal: jobs/progress.ts).
export { formatEta } from '../../main/jobs/progress.ts';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatMegabytes(bytes: number | undefined): string {
  return bytes === undefined ? '' : `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}
