import { useEffect, useRef } from 'preact/hooks';
import type { ProviderChart as ProviderChartData } from '../api/api-types';
import {
  bucketSizeOf,
  formatBucketLabel,
  formatInteger,
} from '../format/number-format';
import { Chart, colorAt } from './chart-setup';

/** Providers in the order of their total tokens, largest first. */
function providersOf(data: ProviderChartData): string[] {
  const totals = new Map<string, number>();
  for (const point of data.timeSeries) {
    for (const [provider, tokens] of Object.entries(point.values)) {
      totals.set(provider, (totals.get(provider) ?? 0) + tokens);
    }
  }

  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([provider]) => provider);
}

/** Tokens per provider and bucket as stacked bars, with a table for screen readers. */
export function ProviderChart(props: {
  data: ProviderChartData;
  timeZone: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { data, timeZone } = props;
  const size = bucketSizeOf(data.timeSeries.map((point) => point.date));
  const labels = data.timeSeries.map((point) =>
    formatBucketLabel(point.date, size, timeZone),
  );
  const providers = providersOf(data);

  useEffect(() => {
    if (canvas.current === null) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels,
        datasets: providers.map((provider, index) => ({
          label: provider,
          data: data.timeSeries.map((point) => point.values[provider] ?? 0),
          backgroundColor: colorAt(index),
          stack: 'tokens',
        })),
      },
      options: {
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
          y: {
            stacked: true,
            beginAtZero: true,
            ticks: {
              callback: (value) =>
                new Intl.NumberFormat(undefined, {
                  notation: 'compact',
                }).format(Number(value)),
            },
          },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${item.dataset.label}: ${formatInteger(Number(item.raw))} tokens`,
            },
          },
        },
      },
    });

    return () => chart.destroy();
  }, [data, timeZone]);

  const first = labels[0];
  const last = labels[labels.length - 1];

  return (
    <figure
      class="chart"
      data-testid="provider-chart"
      data-bucket-count={data.timeSeries.length}
      data-bucket-size={size}
    >
      <figcaption class="muted">
        {formatInteger(data.timeSeries.length)} buckets of one {size}, in{' '}
        {timeZone}
      </figcaption>
      <div class="chart-canvas">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`Tokens per provider in ${data.timeSeries.length} buckets of one ${size}, from ${first} to ${last}`}
        />
      </div>
      <details>
        <summary>Show as a table</summary>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Bucket ({size})</th>
                {providers.map((provider) => (
                  <th scope="col" class="number">
                    {provider}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.timeSeries.map((point, index) => (
                <tr>
                  <th scope="row">{labels[index]}</th>
                  {providers.map((provider) => (
                    <td class="number">
                      {formatInteger(point.values[provider] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
