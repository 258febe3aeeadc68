/** The variables the AWS SDK v3 reads for these services (service ids "EventBridge" and "Secrets Manager"). */
export function localEndpointEnvironment(endpoints: { readonly eventBridge?: string; readonly secretsManager?: string }): Record<string, string> {
  return {
    ...(endpoints.eventBridge ? { AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventBridge } : {}),
    ...(endpoints.secretsManager ? { AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager } : {}),
  };
}
