import { useEffect, useRef } from 'preact/hooks';
import type { ModelDistribution as ModelDistributionData } from '../api/api-types';
import { formatInteger, formatPercent } from '../format/number-format';
import { Chart, colorAt, OTHERS_COLOR } from './chart-setup';
import { MoneyList } from './money-list';

function othersLabel(modelCount: number): string {
  return modelCount === 1 ? '1 other model' : `${modelCount} other models`;
}

/** Share of tokens per model as a doughnut and a table, others last. */
export function ModelDistribution(props: { data: ModelDistributionData }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { models, others } = props.data;

  useEffect(() => {
    if (canvas.current === null) return;
    const labels = models.map((model) => model.displayName);
    const tokens = models.map((model) => model.tokens);
    const colors = models.map((_model, index) => colorAt(index));
    if (others !== null) {
      labels.push(othersLabel(others.modelCount));
      tokens.push(others.tokens);
      colors.push(OTHERS_COLOR);
    }

    const chart = new Chart(canvas.current, {
      type: 'doughnut',
      data: {
        labels,
        datasets: [{ data: tokens, backgroundColor: colors }],
      },
      options: {
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${item.label}: ${formatInteger(Number(item.raw))} tokens`,
            },
          },
        },
      },
    });

    return () => chart.destroy();
  }, [props.data]);

  return (
    <div class="models">
      <div class="chart-canvas chart-doughnut">
        <canvas
          ref={canvas}
          role="img"
          aria-label="Share of tokens per model; the table beside it lists the same numbers"
        />
      </div>
      <div class="table-scroll">
        <table data-testid="models-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Provider</th>
              <th scope="col" class="number">
                Tokens
              </th>
              <th scope="col" class="number">
                Requests
              </th>
              <th scope="col" class="number">
                Share
              </th>
              <th scope="col" class="number">
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {models.map((model, index) => (
              <tr>
                <th scope="row">
                  <span
                    class="swatch"
                    style={{ background: colorAt(index) }}
                    aria-hidden="true"
                  />
                  {model.displayName}
                </th>
                <td>{model.provider}</td>
                <td class="number">{formatInteger(model.tokens)}</td>
                <td class="number">{formatInteger(model.requests)}</td>
                <td class="number">{formatPercent(model.percentage)}</td>
                <td class="number">
                  <MoneyList costs={model.costs} />
                </td>
              </tr>
            ))}
            {others !== null && (
              <tr class="others-row">
                <th scope="row">
                  <span
                    class="swatch"
                    style={{ background: OTHERS_COLOR }}
                    aria-hidden="true"
                  />
                  {othersLabel(others.modelCount)}
                </th>
                <td />
                <td class="number">{formatInteger(others.tokens)}</td>
                <td class="number">{formatInteger(others.requests)}</td>
                <td class="number">{formatPercent(others.percentage)}</td>
                <td />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
