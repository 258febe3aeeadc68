/**
 * Runs a benchmark that needs a process of its own (it starts stand-ins and sets process.env, which
 * would collide with the pipeline bench's) and hands back its figures: the child writes them as JSON to
 * a file named by `--json`, and they are validated before they join this run's table.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildFiguresSchema, type ChildFigures } from './report';

export interface ChildBenchOptions {
  /** The benchmark's entry (a .ts file run through tsx). */
  readonly entry: string;
  /** Its own arguments; `--json <file>` is added. */
  readonly args?: readonly string[];
  /** Killed after this long (a hung stand-in must not hang `npm run bench`). */
  readonly timeoutMs?: number;
}

/** Spawns `node --import tsx <entry> ...args --json <tmp>`, waits, and parses what it wrote. */
export async function runChildBench(options: ChildBenchOptions): Promise<ChildFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'tradeloop-bench-'));
  const out = join(dir, 'figures.json');
  try {
    const code = await new Promise<number | string>((resolve, reject) => {
      // The child's stdout goes to this process's stderr: stdout is reserved for the final table.
      const child = spawn(process.execPath, ['--import', 'tsx', options.entry, ...(options.args ?? []), '--json', out], { stdio: ['ignore', 2, 'inherit'], env: process.env });
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10 * 60_000);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('exit', (exitCode, signal) => {
        clearTimeout(timer);
        resolve(exitCode ?? signal ?? 'unknown');
      });
    });
    if (code !== 0) throw new Error(`${options.entry} exited with ${code}`);
    const text = await readFile(out, 'utf8').catch(() => {
      throw new Error(`${options.entry} exited 0 but wrote no figures to --json`);
    });
    return ChildFiguresSchema.parse(JSON.parse(text));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
