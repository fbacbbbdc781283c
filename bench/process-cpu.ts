import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads the CPU time of processes from Linux's /proc, so the HTTP section
 * can say where a request's CPU goes: the service process, or the
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
 * CPU time of a process and every live descendant, in ms, or null when
 * the process is gone. The descendants of a PostgreSQL postmaster are its
 * backends and background workers.
 *
 * NOTE: a child that exited between two readings takes its CPU time
 * with it, so a pool that reconnects during a measurement reads low.
 */
export function processTreeCpuMs(rootPid: number): number | null {
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
  const ticks = treeCpuTicks(stats, rootPid);

  return ticks === null ? null : (ticks * 1000) / clockTicksPerSecond();
}

/** Sums the CPU ticks of `rootPid` and of every process descending from it, or null when it is not in `stats`. */
export function treeCpuTicks(
  stats: Map<number, ProcessStat>,
  rootPid: number,
): number | null {
  if (!stats.has(rootPid)) return null;

  const tree = new Set([rootPid]);
  let grown = true;
  while (grown) {
    grown = false;
    for (const [pid, stat] of stats) {
      if (!tree.has(pid) && tree.has(stat.parentPid)) {
        tree.add(pid);
        grown = true;
      }
    }
  }
  let ticks = 0;
  for (const pid of tree) ticks += stats.get(pid)!.cpuTicks;

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
    postmaster === null ? null : processTreeCpuMs(postmaster);
  const used = (before: number | null, after: number | null) =>
    before === null || after === null ? null : after - before;

  return {
    perRequest(requests) {
      const service = used(serviceBefore, processCpuMs(servicePid));
      const postgres = used(
        postgresBefore,
        postmaster === null ? null : processTreeCpuMs(postmaster),
      );
      const per = (ms: number | null) =>
        ms === null || requests === 0 ? null : ms / requests;

      return { serviceMs: per(service), postgresMs: per(postgres) };
    },
  };
}
