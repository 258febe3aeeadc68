/**
 * `tradeloop` command-line entry point (run through `npx tradeloop` or `npm start`).
 * Powertools reads its settings when the handler modules load, so the local defaults are set
 * before the program (and through it the handlers) is imported.
 */
const logLevelFlag = process.argv.indexOf('--log-level');
process.env['POWERTOOLS_LOG_LEVEL'] ??= (logLevelFlag > 0 ? process.argv[logLevelFlag + 1] : undefined) ?? 'ERROR';
process.env['POWERTOOLS_METRICS_DISABLED'] ??= 'true';
process.env['POWERTOOLS_TRACE_ENABLED'] ??= 'false';
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
