// Chart.js set up once for the app: only the pieces our line/scatter charts use (Filler: bands), colours from the
// theme's CSS variables (a canvas cannot read them itself), no animation for live updates.
import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartOptions,
  type ScaleOptions,
} from 'chart.js';
import { ref } from 'vue';

Chart.register(
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  Legend,
  Tooltip,
  Filler,
);

/** Bumped whenever the document's theme changes (Settings, or the OS while 'system' is chosen):
 * a chart's computed data and options read it so they are rebuilt in the new colours. */
export const themeVersion = ref(0);
new MutationObserver(() => themeVersion.value++).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ['data-theme'],
});

export function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** A linear axis in the theme's colours. */
export function axis(title: string, extra: Partial<ScaleOptions<'linear'>> = {}): ScaleOptions<'linear'> {
  const text = themeColor('--text-2', '#4c4c58');
  const grid = themeColor('--border', '#dadae2');
  return {
    type: 'linear',
    ticks: { color: text },
    grid: { color: grid },
    title: { display: true, text: title, color: text },
    ...extra,
  } as ScaleOptions<'linear'>;
}

export function chartOptions<T extends 'line' | 'scatter'>(
  scales: Record<string, ScaleOptions<'linear'>>,
): ChartOptions<T> {
  const text = themeColor('--text-2', '#4c4c58');
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    color: text,
    plugins: { legend: { labels: { color: text, boxWidth: 12 } } },
    scales,
  } as ChartOptions<T>;
}

/** A dashed y = x reference line from lo to hi (perfect calibration, predicted = actual). */
export function identityLine(label: string, lo: number, hi: number) {
  return {
    label,
    data: [
      { x: lo, y: lo },
      { x: hi, y: hi },
    ],
    borderColor: themeColor('--text-3', '#8a8a96'),
    borderDash: [4, 4],
    pointRadius: 0,
  };
}
