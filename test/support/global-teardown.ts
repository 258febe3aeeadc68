export default async function globalTeardown(): Promise<void> {
  const standins = (globalThis as { __TRADELOOP_STANDINS__?: { stop(): Promise<void> } }).__TRADELOOP_STANDINS__;
  await standins?.stop();
}
