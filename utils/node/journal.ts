/**
 * The batch journal, `DIR/.hexo-clipper-journal.jsonl`: one line per finished item, appended after
 * its post is on disk. A rerun after Ctrl-C, a crash or `kill -9` skips what the journal holds;
 * a post written just before a kill but not yet journaled is found by the blog index instead.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const JOURNAL_NAME = '.hexo-clipper-journal.jsonl';

export type ItemStatus = 'written' | 'skipped' | 'failed';

export interface JournalEntry {
  input: string;
  status: ItemStatus;
  reason?: string;
  file?: string;
  at: string;
}

/** Failures a later run may cure; every other outcome is final and is not tried again. */
const RETRYABLE = new Set(['timeout', 'network', 'http-5xx', 'crash', 'write-failed']);

export class Journal {
  private done = new Map<string, JournalEntry>();
  readonly path: string;

  constructor(dir: string) {
    this.path = join(dir, JOURNAL_NAME);
    if (!existsSync(this.path)) return;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        if (entry.status === 'failed' && RETRYABLE.has(entry.reason ?? '')) this.done.delete(entry.input);
        else this.done.set(entry.input, entry);
        // A line cut short by a kill is the last one, and its item simply runs again.
      } catch {}
    }
  }

  /** The earlier outcome of this input, when it was final. */
  finished(input: string): JournalEntry | undefined {
    return this.done.get(input);
  }

  record(entry: Omit<JournalEntry, 'at'>): void {
    const full = { ...entry, at: new Date().toISOString() };
    // One write per line: a kill leaves at most the last line incomplete, which load() ignores.
    appendFileSync(this.path, `${JSON.stringify(full)}\n`);
    if (entry.status !== 'failed' || !RETRYABLE.has(entry.reason ?? '')) this.done.set(entry.input, full);
  }
}
