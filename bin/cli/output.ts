/** Prints a command's result: JSON for machines, an indented readable form for people. */
export function printResult(result: unknown, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(`${formatReadable(result, 0)}\n`);
}

function formatReadable(value: unknown, depth: number): string {
  const pad = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}(none)`;
    return value.map((item) => formatReadable(item, depth)).join(`\n${pad}--\n`);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([key, item]) =>
        typeof item === 'object' && item !== null ? `${pad}${key}:\n${formatReadable(item, depth + 1)}` : `${pad}${key}: ${String(item)}`,
      )
      .join('\n');
  }
  return `${pad}${String(value)}`;
}
