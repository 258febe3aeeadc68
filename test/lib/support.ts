import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TradeloopStack, type TradeloopStackProps } from '../../lib/stacks/tradeloop-stack';

/** The repository root (Jest runs from it). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** The feature flags and settings of cdk.json, so tests synthesise what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export interface BuiltStack {
  readonly app: App;
  readonly stack: TradeloopStack;
  readonly template: Template;
}

/** Builds, without synthesising, the app and stack as bin/cdk-app.ts does (no cdk-nag plugin). */
export function buildApp(
  options: { readonly bundle?: boolean; readonly props?: Partial<TradeloopStackProps> } = {},
): { readonly app: App; readonly stack: TradeloopStack } {
  const app = new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'tradeloop-cdk-')),
    context: { ...cdkJsonContext(), ...(options.bundle === true ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const stack = new TradeloopStack(app, 'Tradeloop', { projectRoot: PROJECT_ROOT, ...options.props });
  return { app, stack };
}

/**
 * Builds and synthesises the stack into a temporary out dir. Bundling is off unless asked
 * (`bundle: true`): esbuild for seven functions is the slow part and one test covers it.
 */
export function buildStack(options: { readonly bundle?: boolean; readonly props?: Partial<TradeloopStackProps> } = {}): BuiltStack {
  const { app, stack } = buildApp(options);
  return { app, stack, template: Template.fromStack(stack) };
}

/** Resources of one type in a template, keyed by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, { Properties: Record<string, unknown> } & Record<string, unknown>> {
  return template.findResources(type) as Record<string, { Properties: Record<string, unknown> } & Record<string, unknown>>;
}
