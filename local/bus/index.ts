/** The in-process EventBridge stand-in: event-pattern matching and the tradeloop bus. */
export * from './event-pattern';
export * from './event-bus';
