/** The market room: calendars (and, from the market-data helper, Lean data readers under ./lean). */
export * from './calendar';
