/** Loopback endpoints speaking AWS JSON 1.1 so the real SDK clients work unchanged, plus their environment. */
export * from './json-protocol-server';
export * from './eventbridge';
export * from './secrets-manager';
export * from './environment';

