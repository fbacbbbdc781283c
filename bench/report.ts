import { CollectionFigure } from './collection';
import { HttpFigure } from './http-load';
import { RequestCpu } from './process-cpu';
import { LatencyFigure } from './latency';

export interface QueryFigure {
  scenario: string;
  target?: string;
  route: string;
  /** Whether the service and the raw computation returned equal results. */
  same: boolean;
  service: LatencyFigure;
  raw: LatencyFigure;
}

export interface BenchReport {
  command: string;
  startedAt: string;
  machine: { cpus: number; cpuModel?: string; memoryGiB: number; node: string };
  rows: number;
  loadSeconds: number;
  /** The benchmark process, which hosts the in-process use cases and the raw context. */
  benchProcessMaxRssMiB: number;
  /** Peak RSS of the compiled service process under the HTTP load. */
  servicePeakRssMiB: number | null;
  collection: CollectionFigure[];
  queries: QueryFigure[];
  isolation: { tableRows: number; route: string; p95: number }[];
  http: { route: string; figure: HttpFigure; cpu: RequestCpu }[];
}

const ms = (value: number) => value.toFixed(1);

function table(header: string[], rows: (string | number)[][]): string {
  const lines = [
    header,
    header.map(() => '---'),
    ...rows.map((row) => row.map(String)),
  ];

  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Prints the report as Markdown tables, ready for BENCHMARKS.md. */
export function printReport(report: BenchReport): void {
  const out: string[] = [];
  out.push(`Command: \`${report.command}\``);
  out.push(
    `Machine: ${report.machine.cpus} cores (${report.machine.cpuModel ?? 'unknown CPU'}), ${report.machine.memoryGiB} GiB, Node ${report.machine.node}`,
  );
  out.push(
    `Rows: ${report.rows}; load: ${report.loadSeconds.toFixed(0)} s; peak RSS of the service process under HTTP load: ${report.servicePeakRssMiB ?? 'not measured'} MiB; of the benchmark process: ${report.benchProcessMaxRssMiB} MiB`,
  );

  const baseline = report.collection.find((figure) =>
    figure.method.startsWith('plain'),
  );
  const ceiling = report.collection.find((figure) =>
    figure.method.startsWith('COPY'),
  );
  out.push('\n### Collection\n');
  out.push(
    table(
      [
        'method',
        'callers',
        'records',
        'records/s',
        'x baseline',
        'of COPY',
        'folded after (s)',
        'records/s to the last fold',
      ],
      report.collection.map((figure) => [
        figure.method,
        figure.callers,
        figure.records,
        figure.recordsPerSecond.toFixed(0),
        baseline
          ? (figure.recordsPerSecond / baseline.recordsPerSecond).toFixed(1)
          : '',
        ceiling
          ? `${((figure.recordsPerSecond / ceiling.recordsPerSecond) * 100).toFixed(0)}%`
          : '',
        figure.foldSeconds?.toFixed(2) ?? '',
        figure.recordsPerSecondFolded?.toFixed(0) ?? '',
      ]),
    ),
  );

  out.push('\n### Dashboard queries in-process (ms)\n');
  out.push(
    table(
      [
        'scenario',
        'route',
        'p50',
        'p95',
        'p99',
        'raw p95',
        'raw calls',
        'raw / service',
        'same answer',
      ],
      report.queries.map((figure) => [
        figure.scenario,
        figure.route,
        ms(figure.service.p50),
        ms(figure.service.p95),
        ms(figure.service.p99),
        ms(figure.raw.p95),
        figure.raw.calls,
        (figure.raw.p95 / figure.service.p95).toFixed(1),
        figure.same ? 'yes' : 'NO',
      ]),
    ),
  );

  out.push('\n### Isolation: the probe organization, 90 days, UTC (p95 ms)\n');
  const sizes = [...new Set(report.isolation.map((entry) => entry.tableRows))];
  const routes = [...new Set(report.isolation.map((entry) => entry.route))];
  out.push(
    table(
      ['route', ...sizes.map((size) => `${size} rows`)],
      routes.map((route) => [
        route,
        ...sizes.map((size) =>
          ms(
            report.isolation.find(
              (e) => e.route === route && e.tableRows === size,
            )?.p95 ?? NaN,
          ),
        ),
      ]),
    ),
  );

  if (report.http.length > 0) {
    out.push(
      '\n### Over HTTP, median organization, 90 days, 10 connections (autocannon)\n',
    );
    out.push(
      table(
        [
          'route',
          'requests/s',
          'p50',
          'p90',
          'p97.5',
          'p99',
          'non-2xx',
          'errors',
          'service CPU ms/req',
          'PostgreSQL CPU ms/req',
        ],
        report.http.map(({ route, figure, cpu }) => [
          route,
          figure.requestsPerSecond.toFixed(0),
          figure.p50,
          figure.p90,
          figure.p97_5,
          figure.p99,
          figure.non2xx,
          figure.errors,
          cpu.serviceMs === null ? '-' : cpu.serviceMs.toFixed(2),
          cpu.postgresMs === null ? '-' : cpu.postgresMs.toFixed(2),
        ]),
      ),
    );
  }

  process.stdout.write(`${out.join('\n')}\n`);
}
