import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';

// Registers only the parts the two charts use, so the bundle leaves out
// the rest of Chart.js.
Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
);

Chart.defaults.animation = window.matchMedia('(prefers-reduced-motion: reduce)')
  .matches
  ? false
  : { duration: 300 };
Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

/** Series colors; they repeat after the 10th provider or model. */
const PALETTE = [
  '#2563eb',
  '#f59e0b',
  '#10b981',
  '#ef4444',
  '#8b5cf6',
  '#06b6d4',
  '#ec4899',
  '#84cc16',
  '#f97316',
  '#64748b',
];

export function colorAt(index: number): string {
  return PALETTE[index % PALETTE.length];
}

export const OTHERS_COLOR = '#cbd5e1';

export { Chart };
