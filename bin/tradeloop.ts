import { buildProgram, exitCodeFor } from './cli/program';

/** `tradeloop` command-line entry point (run through `npx tradeloop` or `npm start`). */
const program = buildProgram();
program.parseAsync(process.argv).catch((error: unknown) => {
  const code = exitCodeFor(error);
  // Commander has already printed usage errors; print only run-time failures.
  if (code === 1) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tradeloop: ${message}\n`);
  }
  process.exit(code);
});
