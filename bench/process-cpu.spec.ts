import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseProcessStat,
  postmasterPid,
  ProcessStat,
  ticksSince,
  treeOf,
} from './process-cpu';

describe('parseProcessStat', () => {
  it('reads the parent id and CPU ticks', () => {
    const line =
      '4242 (postgres) S 4200 4200 4200 0 -1 4194368 512 0 0 0 731 58 0 0 20 0 1 0 9000 219800000 4897 18446744073709551615\n';

    expect(parseProcessStat(line)).toEqual({ parentPid: 4200, cpuTicks: 789 });
  });

  it('counts fields after a name with spaces and parentheses', () => {
    const line =
      '77 (node (main) x) R 1 77 77 0 -1 4194304 10 0 0 0 5 7 0 0 20 0 11 0 300 1000 200 0\n';

    expect(parseProcessStat(line)).toEqual({ parentPid: 1, cpuTicks: 12 });
  });

  it('rejects a truncated line', () => {
    expect(() => parseProcessStat('12 (sh) S')).toThrow(
      'Invalid /proc stat line, expected pid (name) state ppid ...: "12 (sh) S"',
    );
  });
});

describe('postmasterPid', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-postmaster-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the first line of postmaster.pid', () => {
    writeFileSync(join(dir, 'postmaster.pid'), '31337\n/data\n1733350000\n');

    expect(postmasterPid(dir)).toBe(31337);
  });

  it('returns null without a running cluster', () => {
    expect(postmasterPid(dir)).toBeNull();
  });
});

describe('treeOf', () => {
  const stats = new Map<number, ProcessStat>([
    [1, { parentPid: 0, cpuTicks: 1000 }],
    [10, { parentPid: 1, cpuTicks: 7 }],
    [11, { parentPid: 10, cpuTicks: 30 }],
    [12, { parentPid: 10, cpuTicks: 5 }],
    [13, { parentPid: 12, cpuTicks: 2 }],
    [20, { parentPid: 1, cpuTicks: 400 }],
  ]);

  it('picks a process and all its descendants', () => {
    expect(treeOf(stats, 10)).toEqual(
      new Map([
        [10, 7],
        [11, 30],
        [12, 5],
        [13, 2],
      ]),
    );
  });

  it('picks a process without children alone', () => {
    expect(treeOf(stats, 20)).toEqual(new Map([[20, 400]]));
  });

  it('returns null for a process that is gone', () => {
    expect(treeOf(stats, 99)).toBeNull();
  });
});

describe('ticksSince', () => {
  it('sums what each process used since', () => {
    const before = new Map([
      [10, 100],
      [11, 50],
    ]);
    const after = new Map([
      [10, 130],
      [11, 55],
    ]);

    expect(ticksSince(before, after)).toBe(35);
  });

  it('counts a new process whole', () => {
    expect(
      ticksSince(
        new Map([[10, 100]]),
        new Map([
          [10, 100],
          [12, 9],
        ]),
      ),
    ).toBe(9);
  });

  it('drops a process that exited', () => {
    expect(
      ticksSince(
        new Map([
          [10, 100],
          [11, 5000],
        ]),
        new Map([[10, 104]]),
      ),
    ).toBe(4);
  });

  it('counts a reused process id whole', () => {
    expect(ticksSince(new Map([[10, 100]]), new Map([[10, 3]]))).toBe(3);
  });
});
