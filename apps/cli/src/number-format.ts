// How numbers read in the terminal: one style for every command.

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `50,000` */
export function formatCount(value: number): string {
  return grouped.format(value);
}

/** `99.12%`: two decimals, because the last percent is where the interesting changes happen. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** `0.0123` or `1.2e-5`: four significant digits. */
export function formatLoss(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(1);
}

/** `0.001`, `2.5e-4`: the learning rate as one would type it. */
export function formatRate(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/** `45s`, `3m 05s`, `2h 07m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
