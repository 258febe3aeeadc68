/** Local Lambda runtime: contexts, one-shot invokes, async invocation with retries + DLQ, SQS event source mappings. */
export * from './context';
export * from './invoke';
export * from './async-invoke';
export * from './failures';
export * from './sqs-event-source';
export * from './settle';
export { Semaphore } from './semaphore';
