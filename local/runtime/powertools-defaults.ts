/**
 * Local defaults for Powertools, set before any handler module loads (Powertools reads its settings
 * when a Logger or Metrics is constructed, which happens at import, and its per-invocation refresh
 * returns to that level). Imported first by ./handlers. Whatever the environment already says wins:
 * the CLI sets POWERTOOLS_LOG_LEVEL from --log-level, the test setup silences logs.
 */
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'ERROR';
// No CloudWatch on a laptop: EMF lines would only flood the console.
process.env['POWERTOOLS_METRICS_DISABLED'] ??= 'true';
process.env['POWERTOOLS_TRACE_ENABLED'] ??= 'false';
process.env['POWERTOOLS_METRICS_NAMESPACE'] ??= 'Tradeloop';

export {};
