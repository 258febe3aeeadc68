/**
 * A bad argument found only when a command runs (a parameter the indicator's schema refuses, an
 * input file that does not parse): exit code 2 like commander's own usage errors, message printed.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
