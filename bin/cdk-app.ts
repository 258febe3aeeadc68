#!/usr/bin/env -S npx tsx
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeNagFindings } from '../lib/nag-acknowledgements';
import { STACK_DEFAULTS, TradeloopStack } from '../lib/stacks/tradeloop-stack';

/**
 * The CDK app. Environment-agnostic (no account or region, no lookups), so `npx cdk synth` works
 * offline. Deployment settings come from context: `-c accountId=… -c watchlist=SPY,QQQ
 * -c alarmEmail=… -c alpacaTradingUrl=https://api.alpaca.markets` (live trading only when set).
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = new App();

function context(key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const watchlist = context('watchlist');
const stack = new TradeloopStack(app, context('stackName') ?? 'Tradeloop', {
  description: 'tradeloop: serverless algorithmic trading (Lambda, EventBridge, SQS FIFO, DynamoDB, Batch, Alpaca)',
  projectRoot,
  accountId: context('accountId') ?? STACK_DEFAULTS.accountId,
  ...(watchlist !== undefined ? { watchlist: watchlist.split(',').map((s) => s.trim()) } : {}),
  ...(context('alarmEmail') !== undefined ? { alarmEmail: context('alarmEmail') } : {}),
  ...(context('alpacaTradingUrl') !== undefined ? { alpacaTradingUrl: context('alpacaTradingUrl') } : {}),
  // -c optionsAutoSubmit=true: the options correlator enqueues its proposals' intents (default: proposals only).
  optionsAutoSubmit: context('optionsAutoSubmit') === 'true',
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
acknowledgeNagFindings(stack);
