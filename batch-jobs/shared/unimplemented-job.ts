/** A Batch job whose inputs are defined but whose work is not written yet. */
export interface UnimplementedJob<Args, Env> {
  readonly name: string;
  readonly parseArgs: (argv: readonly string[]) => Args;
  readonly parseEnv: (env: Readonly<Record<string, string | undefined>>) => Env;
  /** What the job logs about its validated inputs. */
  readonly summary: (args: Args, env: Env) => Readonly<Record<string, unknown>>;
  /** Names the issue that tracks the missing work. */
  readonly notImplemented: string;
}

/**
 * Validates the job's arguments and environment, logs them, then stops with exit code 1 and the
 * not-implemented message: a job that pretended to run would publish results nobody computed.
 * Exit code 2 means bad arguments or environment.
 */
export function runUnimplementedJob<Args, Env>(
  job: UnimplementedJob<Args, Env>,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void,
): number {
  try {
    const args = job.parseArgs(argv);
    log(JSON.stringify({ job: job.name, ...job.summary(args, job.parseEnv(env)) }));
  } catch (error) {
    log(`${job.name}: invalid arguments or environment: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  log(job.notImplemented);
  return 1;
}
