import { readFile } from 'node:fs/promises';

/** One reading of the service's resident set size. */
export interface RssSample {
  atSeconds: number;
  rssMb: number;
}

/** Reads VmRSS of a process from /proc, in MiB (Linux only). */
export async function readRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);

  return Math.round((kilobytes / 1024) * 10) / 10;
}

/** Samples the RSS of a process every intervalMs until stopped. */
export function sampleRss(pid: number, intervalMs: number) {
  const samples: RssSample[] = [];
  const started = Date.now();
  const take = () =>
    readRssMb(pid).then(
      (rssMb) =>
        samples.push({ atSeconds: (Date.now() - started) / 1000, rssMb }),
      () => undefined,
    );
  void take();
  const timer = setInterval(() => void take(), intervalMs);

  return {
    samples,
    stop: () => clearInterval(timer),
  };
}

/**
 * Compares the peak RSS of the first minute with the peak and the mean of
 * the last minute. Growth means the last minute's mean exceeds the first
 * minute's peak by more than the tolerance.
 */
export function summarizeRss(samples: RssSample[], tolerance = 0.1) {
  const firstMinute = samples.filter((sample) => sample.atSeconds <= 60);
  const end = samples[samples.length - 1]?.atSeconds ?? 0;
  const lastMinute = samples.filter((sample) => sample.atSeconds >= end - 60);
  const peak = (list: RssSample[]) => Math.max(...list.map((s) => s.rssMb));
  const mean = (list: RssSample[]) =>
    Math.round((list.reduce((a, s) => a + s.rssMb, 0) / list.length) * 10) / 10;
  const firstPeak = peak(firstMinute);
  const lastMean = mean(lastMinute);

  const byMinute = new Map<number, RssSample[]>();
  for (const sample of samples) {
    const minute = Math.floor(sample.atSeconds / 60) + 1;
    byMinute.set(minute, [...(byMinute.get(minute) ?? []), sample]);
  }
  const perMinute = [...byMinute].map(([minute, list]) => ({
    minute,
    meanMb: mean(list),
    peakMb: peak(list),
  }));

  return {
    perMinute,
    firstMinutePeakMb: firstPeak,
    lastMinutePeakMb: peak(lastMinute),
    lastMinuteMeanMb: lastMean,
    overallPeakMb: peak(samples),
    grows: lastMean > firstPeak * (1 + tolerance),
  };
}
