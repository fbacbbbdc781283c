// Entry of the process that runCollectionInChild forks. It receives the
// settings of the benchmark's database in one message, runs the collection
// benchmark and sends its figures back.
import { locateTraceFile } from '../test/support/trace-file';
import {
  CollectionChildMessage,
  CollectionChildRequest,
  runCollectionBenchmark,
} from './collection-run';
import { readTraceTokens } from './trace-tokens';

function send(message: CollectionChildMessage): Promise<void> {
  return new Promise((done, fail) =>
    process.send!(message, undefined, {}, (error) =>
      error ? fail(error) : done(),
    ),
  );
}

process.once('message', ({ settings, loadedTable }: CollectionChildRequest) => {
  void (async () => {
    const figures = await runCollectionBenchmark(
      settings,
      readTraceTokens(locateTraceFile()),
      (line) => void send({ kind: 'log', line }),
      loadedTable,
    );
    await send({ kind: 'figures', figures });
    process.exit(0);
  })().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
});
