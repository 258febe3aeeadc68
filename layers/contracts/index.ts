export * from './primitives';
export * from './events';
export * from './catalogue';
export * from './api';
export * from './config';
export * from './wiring';
export * from './api-routes';
export * from './metrics';
