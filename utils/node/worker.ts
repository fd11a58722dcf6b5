/** A batch worker thread: one jsdom of its own, tasks in, results out. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Settings } from '../settings/schema';
import { runTask, type Task } from './tasks';

const { settings } = workerData as { settings: Settings };

parentPort?.on('message', (task: Task) => {
  runTask(task, settings).then(
    (result) => parentPort?.postMessage(result),
    (e: unknown) => parentPort?.postMessage({ ok: false, reason: 'crash', message: (e as Error).message }),
  );
});
