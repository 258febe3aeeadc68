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

const { buildProgram, exitCodeFor } = await import('./cli/program');
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

export {};
