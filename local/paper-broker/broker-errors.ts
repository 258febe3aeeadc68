/**
 * An error answer in Alpaca's shape (`{"code": 40010001, "message": "..."}`) with its HTTP status.
 * Codes follow Alpaca's scheme: HTTP status × 100 000 + a detail number.
 */
export class BrokerApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'BrokerApiError';
  }

  body(): { readonly code: number; readonly message: string } {
    return { code: this.code, message: this.message };
  }
}

/** 422: the request was understood but its parameters are invalid (Alpaca's "Unprocessable"). */
export const unprocessable = (message: string): BrokerApiError => new BrokerApiError(422, 40010001, message);
/** 403: buying power or shares are not sufficient. */
export const forbidden = (message: string): BrokerApiError => new BrokerApiError(403, 40310000, message);
/** 404: no such order, position or asset. */
export const notFound = (message: string): BrokerApiError => new BrokerApiError(404, 40410000, message);
/** 400: malformed request (market data parameters, JSON body). */
export const badRequest = (message: string): BrokerApiError => new BrokerApiError(400, 40010000, message);
