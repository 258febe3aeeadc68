/** Local HTTP API (payload 2.0) in front of the control-api handler, with a bearer-token stand-in for IAM. */
export * from './routes';
export * from './api-gateway';
