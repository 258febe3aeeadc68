import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CONTROL_API_ROUTES, type HttpMethod } from '../../layers/contracts/api-routes';
import type { FunctionName } from '../../layers/contracts/wiring';
import { LOG_RETENTION } from './trading-function';

/** Steady-state and burst request limits of the control API (it is an operator tool, not a data feed). */
export const CONTROL_API_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;

const METHODS: Readonly<Record<HttpMethod, apigw.HttpMethod>> = {
  GET: apigw.HttpMethod.GET,
  PUT: apigw.HttpMethod.PUT,
  POST: apigw.HttpMethod.POST,
};

/** Access log line: who called what, how it ended and how long the handler took. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  caller: '$context.identity.caller',
  userArn: '$context.identity.userArn',
  sourceIp: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
});

export interface ControlApiProps {
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
}

/**
 * The control API: an HTTP API whose every route (CONTROL_API_ROUTES) requires IAM (SigV4)
 * authorisation, so only principals granted `execute-api:Invoke` can read status or flip the kill
 * switch. HTTP API rather than REST API: IAM auth, throttling and access logs are all it needs, and
 * it is cheaper; bodies are validated with zod in the handler (REST request models would duplicate
 * the contracts).
 */
export class ControlApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ControlApiProps) {
    super(scope, id);
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'tradeloop control API (IAM-authenticated)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: CONTROL_API_THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of CONTROL_API_ROUTES) {
      let integration = integrations.get(route.target);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(`${route.target}-integration`, props.functions[route.target]);
        integrations.set(route.target, integration);
      }
      this.api.addRoutes({ path: route.path, methods: [METHODS[route.method]], integration });
    }
  }
}
