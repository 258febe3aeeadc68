import type { Command } from 'commander';
import { buildProgram } from '../../bin/cli/program';

/** A program whose every command writes into `out` and `err` instead of the process streams. */
export function capturedProgram(): { readonly program: Command; readonly out: string[]; readonly err: string[] } {
  const program = buildProgram();
  const out: string[] = [];
  const err: string[] = [];
  // Commander copies output settings to subcommands only when they are created, so set them on every command.
  const capture = (command: Command): void => {
    command.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
    command.commands.forEach(capture);
  };
  capture(program);
  return { program, out, err };
}

/** Every command below `command`, with its path from the root (e.g. ["limits", "get"]). */
export function allCommands(command: Command, path: readonly string[] = []): { readonly path: readonly string[]; readonly command: Command }[] {
  return command.commands.flatMap((sub) => [{ path: [...path, sub.name()], command: sub }, ...allCommands(sub, [...path, sub.name()])]);
}

/** Parses `args` as user input; resolves with the thrown error (or undefined). */
export async function parseError(program: Command, args: readonly string[]): Promise<unknown> {
  try {
    await program.parseAsync([...args], { from: 'user' });
    return undefined;
  } catch (error: unknown) {
    return error;
  }
}

/** Runs the CLI in-process on `args`: what it wrote to stdout and stderr, and the error it ended with (undefined on success). */
export async function runCli(args: readonly string[]): Promise<{ error: unknown; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(String(chunk));
    return true;
  };
  const so = jest.spyOn(process.stdout, 'write').mockImplementation(capture(out));
  const se = jest.spyOn(process.stderr, 'write').mockImplementation(capture(err));
  try {
    const error = await parseError(capturedProgram().program, args);
    return { error, stdout: out.join(''), stderr: err.join('') };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}
