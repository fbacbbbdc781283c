import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedAncestor, openForPostgresUser } from './embedded-postgres';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('directories the postgres user enters', () => {
  let base: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'embedded-access-'));
    await mkdir(join(base, 'project', 'data'), { recursive: true });
    await chmod(base, 0o700);
    await chmod(join(base, 'project'), 0o755);
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('finds the closed ancestor', async () => {
    expect(await closedAncestor(join(base, 'project', 'data'))).toBe(base);
  });

  it('finds none when all are open', async () => {
    await chmod(base, 0o701);

    expect(await closedAncestor(join(base, 'project', 'data'))).toBeNull();
  });

  // The service adds the search bit only when it runs as root.
  (process.getuid?.() === 0 ? it : it.skip)(
    'adds the search bit as root',
    async () => {
      const lines: string[] = [];

      await openForPostgresUser([join(base, 'project', 'data')], (line) =>
        lines.push(line),
      );

      expect(await modeOf(base)).toBe(0o701);
      expect(lines).toEqual([
        `Allowed the postgres user to enter ${base} (chmod o+x)`,
      ]);
    },
  );
});
