import type { EventBridgeEvent } from 'aws-lambda';
import { ZodError } from 'zod';
import { parseBusEvent } from '../../../../layers/adapters/lambda/bus-event';
import { classifyError, describeError, TerminalError } from '../../../../layers/adapters/lambda/errors';

const detail = { schema: 'RoutineStartedV1', routine: 'intraday', sessionDate: '2013-10-07', at: 1381152660000 };
const routine = {
  version: '0',
  id: 'ev-1',
  'detail-type': 'routine.started',
  source: 'tradeloop.calendar',
  account: '000000000000',
  time: '2013-10-07T13:31:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
} as EventBridgeEvent<string, unknown>;

describe('parseBusEvent', () => {
  it('returns the typed detail of an accepted event', () => {
    expect(parseBusEvent(routine, ['routine.started'])).toEqual({ id: 'ev-1', detailType: 'routine.started', detail: routine.detail });
  });

  it('refuses events the function does not subscribe to, from the wrong source, or with a bad detail, as terminal', () => {
    const wrongType = () => parseBusEvent(routine, ['order.submitted']);
    expect(wrongType).toThrow(TerminalError);
    const wrongSource = () => parseBusEvent({ ...routine, source: 'someone.else' }, ['routine.started']);
    expect(wrongSource).toThrow(/tradeloop.calendar/);
    let error: unknown;
    try {
      parseBusEvent({ ...routine, detail: { ...detail, routine: 'lunch' } }, ['routine.started']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ZodError);
    expect(classifyError(error)).toBe('validation');
    expect(describeError(error)).toMatch(/^invalid message: routine:/);
  });
});
