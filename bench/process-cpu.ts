import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads the CPU time of processes from Linux's /proc, so the HTTP section
 * shows where a request's CPU time goes: the service process, or the
 * PostgreSQL server. On a system without /proc every reading is null.
 */

/** Clock ticks per second of utime and stime in /proc/<pid>/stat. */
let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    let ticks = NaN;
    try {
      ticks = Number(
        execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }),
      );
    } catch {
      // Without getconf, assume 100, the USER_HZ of x86 and ARM Linux.
    }
    ticksPerSecond = Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  }

  return ticksPerSecond;
}

/** A process's parent id and its user plus system CPU time, in clock ticks. */
export interface ProcessStat {
  parentPid: number;
  cpuTicks: number;
}

/**
 * Parses the text of /proc/<pid>/stat. The command name, in parentheses,
 * may itself contain spaces and parentheses, so fields are counted from
 * its last closing parenthesis: state, ppid, ..., utime (14th field of
 * the line) and stime (15th).
 */
export function parseProcessStat(text: string): ProcessStat {
  const fields = text
    .slice(text.lastIndexOf(')') + 2)
    .trim()
    .split(' ');
  const parentPid = Number(fields[1]);
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isInteger(parentPid) || !Number.isInteger(cpuTicks)) {
    throw new Error(
      `Invalid /proc stat line, expected pid (name) state ppid ...: "${text.trim()}"`,
    );
  }

  return { parentPid, cpuTicks };
}

function readStat(pid: number): ProcessStat | null {
  try {
    return parseProcessStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** CPU time (user plus system) of a process so far, in ms, or null. */
export function processCpuMs(pid: number): number | null {
  const stat = readStat(pid);

  return stat === null ? null : (stat.cpuTicks * 1000) / clockTicksPerSecond();
}

/**
 * Reads the CPU ticks of a process and of every live descendant, by
 * process id, or null when the process is gone. The descendants of a
 * PostgreSQL postmaster are its backends and background workers.
 */
export function readProcessTree(rootPid: number): Map<number, number> | null {
  const stats = new Map<number, ProcessStat>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat !== null) stats.set(Number(entry), stat);
  }

  return treeOf(stats, rootPid);
}

/** Picks `rootPid` and every process descending from it, with their CPU ticks, or null when it is not in `stats`. */
export function treeOf(
  stats: Map<number, ProcessStat>,
  rootPid: number,
): Map<number, number> | null {
  if (!stats.has(rootPid)) return null;

  const tree = new Map([[rootPid, stats.get(rootPid)!.cpuTicks]]);
  let grown = true;
  while (grown) {
    grown = false;
    for (const [pid, stat] of stats) {
      if (!tree.has(pid) && tree.has(stat.parentPid)) {
        tree.set(pid, stat.cpuTicks);
        grown = true;
      }
    }
  }

  return tree;
}

/**
 * Sums the CPU ticks that the processes of `after` used since `before`.
 * A process new in `after` counts whole. A process whose ticks went down
 * is a new process under a reused id and counts whole too.
 *
 * NOTE: a process that exited between the readings takes the ticks it
 * used meanwhile with it, so a short-lived worker reads low.
 */
export function ticksSince(
  before: Map<number, number>,
  after: Map<number, number>,
): number {
  let ticks = 0;
  for (const [pid, now] of after) {
    const then = before.get(pid) ?? 0;
    ticks += now >= then ? now - then : now;
  }

  return ticks;
}

/** Reads the postmaster's process id from a running cluster's postmaster.pid; null when there is none. */
export function postmasterPid(clusterDir: string): number | null {
  try {
    const firstLine = readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8')
      .split('\n')[0]
      .trim();
    const pid = Number(firstLine);

    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** CPU time per request, in ms, of the service process and of the PostgreSQL server (null where unreadable). */
export interface RequestCpu {
  serviceMs: number | null;
  postgresMs: number | null;
}

/**
 * Reads the CPU time of the service and of the postmaster's process tree
 * now, and returns a reading that divides what both used since by the
 * number of requests served meanwhile.
 */
export function startCpuReading(
  servicePid: number,
  postmaster: number | null,
): { perRequest(requests: number): RequestCpu } {
  const serviceBefore = processCpuMs(servicePid);
  const postgresBefore =
    postmaster === null ? null : readProcessTree(postmaster);

  return {
    perRequest(requests) {
      const serviceAfter = processCpuMs(servicePid);
      const postgresAfter =
        postmaster === null ? null : readProcessTree(postmaster);
      const service =
        serviceBefore === null || serviceAfter === null
          ? null
          : serviceAfter - serviceBefore;
      const postgres =
        postgresBefore === null || postgresAfter === null
          ? null
          : (ticksSince(postgresBefore, postgresAfter) * 1000) /
            clockTicksPerSecond();
      const per = (ms: number | null) =>
        ms === null || requests === 0 ? null : ms / requests;

      return { serviceMs: per(service), postgresMs: per(postgres) };
    },
  };
}
