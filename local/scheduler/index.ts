/** EventBridge Scheduler stand-in: AWS cron parsing in a time zone and a market-clock-driven scheduler. */
export * from './cron';
export * from './local-scheduler';
