/**
 * A pool of worker threads, each with its own jsdom, running batch tasks. With one job the task
 * runs in this thread: no worker start-up, and a debugger sees it.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Settings } from '../settings/schema';
import { runTask, type Task, type TaskResult } from './tasks';
import { workerEntry } from './worker-bundle';

export interface Pool {
  run<R extends TaskResult>(task: Task): Promise<R>;
  close(): Promise<void>;
}


export const defaultJobs = () => Math.max(1, availableParallelism());

interface Pending {
  task: Task;
  resolve: (r: TaskResult) => void;
  reject: (e: Error) => void;
}

export function createPool(jobs: number, settings: Settings): Pool {
  if (jobs <= 1) {
    return {
      run: async <R extends TaskResult>(task: Task) => (await runTask(task, settings)) as R,
      close: async () => {},
    };
  }
  const queue: Pending[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending>();
  let closed = false;

  const dispatch = () => {
    while (idle.length && queue.length) {
      const worker = idle.pop() as Worker;
      const job = queue.shift() as Pending;
      busy.set(worker, job);
      worker.postMessage(job.task);
    }
  };

  const entry = workerEntry();
  const spawn = (): Worker => {
    const worker = new Worker(entry, { workerData: { settings } });
    worker.on('message', (result: TaskResult) => {
      const job = busy.get(worker);
      busy.delete(worker);
      idle.push(worker);
      job?.resolve(result);
      dispatch();
    });
    worker.on('error', (e) => {
      // A worker that dies fails only its own item; a fresh one takes its place.
      const job = busy.get(worker);
      busy.delete(worker);
      job?.resolve({ ok: false, reason: 'crash', message: e.message });
      if (!closed) {
        idle.push(spawn());
        dispatch();
      }
    });
    return worker;
  };

  for (let i = 0; i < jobs; i++) idle.push(spawn());
  return {
    run: <R extends TaskResult>(task: Task) =>
      new Promise<R>((resolve, reject) => {
        queue.push({ task, resolve: resolve as (r: TaskResult) => void, reject });
        dispatch();
      }),
    close: async () => {
      closed = true;
      await Promise.all([...idle, ...busy.keys()].map((w) => w.terminate()));
    },
  };
}
