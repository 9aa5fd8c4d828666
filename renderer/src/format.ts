// Small display helpers shared by components.
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s left`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.ceil(seconds % 60)} s left`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatMegabytes(bytes: number | undefined): string {
  return bytes === undefined ? '' : `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}
