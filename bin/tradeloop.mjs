#!/usr/bin/env node
// Launcher for `npx tradeloop`: registers tsx so the TypeScript CLI runs without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./tradeloop.ts');
