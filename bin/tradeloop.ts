/**
 * `tradeloop` command-line entry point (run through `npx tradeloop` or `npm start`).
 * Powertools reads its log level when the handler modules load, so `--log-level` becomes
 * POWERTOOLS_LOG_LEVEL before the program (and through it the handlers) is imported; commander
 * validates the value itself. Other local Powertools defaults: local/runtime/powertools-defaults.ts.
 */
const logLevelFlag = process.argv.indexOf('--log-level');
const logLevel = logLevelFlag > 0 ? process.argv[logLevelFlag + 1] : undefined;
if (logLevel !== undefined) process.env['POWERTOOLS_LOG_LEVEL'] = logLevel;
// The SDK's notice that its 2027 releases need Node 22 (README: Node 22+ works) would interleave with the progress display.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

// `tradeloop indicators ... | head`: a closed pipe ends the output, it is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const { buildProgram, exitCodeFor } = await import('./cli/program');
const { CommanderError } = await import('commander');
const program = buildProgram();
program.parseAsync(process.argv).catch((error: unknown) => {
  const code = exitCodeFor(error);
  // Commander has already printed its own usage errors; print run-time failures and our UsageErrors.
  if (code !== 0 && !(error instanceof CommanderError)) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tradeloop: ${message}\n`);
  }
  process.exit(code);
});

export {};
