import {
  InvalidEventPatternError,
  assertValidEventPattern,
  compileEventPattern,
  matchesEventPattern,
} from '../../../local/bus/event-pattern';
import { RULES } from '../../../layers/contracts/wiring';

/** The example EC2 event from AWS's "Creating event patterns" and "Content filtering" pages. */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

/** The numeric-matching example event from the content-filtering page. */
const countsEvent = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null, 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.123' },
};

describe('exact values, nesting and arrays', () => {
  it('matches the documented EC2 terminated pattern and rejects other states', () => {
    const pattern = { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } };
    expect(matchesEventPattern(pattern, ec2Event)).toBe(true);
    expect(matchesEventPattern(pattern, { ...ec2Event, detail: { ...ec2Event.detail, state: 'running' } })).toBe(false);
  });

  it('treats the values of one leaf as OR', () => {
    expect(matchesEventPattern({ detail: { state: ['pending', 'terminated'] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: ['pending', 'running'] } }, ec2Event)).toBe(false);
  });

  it('matches an array-valued event field when any element matches (the documented resources example)', () => {
    const event = {
      ...ec2Event,
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    };
    expect(matchesEventPattern({ resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f', 'arn:aws:ec2:us-east-1:000000000000:instance/i-x'] }, event)).toBe(true);
    expect(matchesEventPattern({ resources: ['arn:aws:ec2:us-east-1:000000000000:instance/i-x'] }, event)).toBe(false);
  });

  it('matches nested objects and arrays of objects within one element', () => {
    const event = { detail: { order: { legs: [{ side: 'buy', symbol: 'SPY' }, { side: 'sell', symbol: 'QQQ' }] } } };
    expect(matchesEventPattern({ detail: { order: { legs: { side: ['sell'], symbol: ['QQQ'] } } } }, event)).toBe(true);
    // Both values exist, but not in the same element.
    expect(matchesEventPattern({ detail: { order: { legs: { side: ['sell'], symbol: ['SPY'] } } } }, event)).toBe(false);
  });

  it('distinguishes null, the empty string and absence (documented null/empty example)', () => {
    expect(matchesEventPattern({ detail: { eventVersion: [''] } }, countsEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { responseElements: [null] } }, countsEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { responseElements: [''] } }, countsEvent)).toBe(false);
    expect(matchesEventPattern({ detail: { eventVersion: [null] } }, countsEvent)).toBe(false);
    expect(matchesEventPattern({ detail: { missing: [null] } }, countsEvent)).toBe(false);
  });

  it('compares numbers by value and never equates a number with its string', () => {
    expect(matchesEventPattern({ detail: { 'x-limit': [3.018e2] } }, countsEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { 'c-count': ['5'] } }, countsEvent)).toBe(false);
  });

  it('does not let a leaf matcher match an object', () => {
    expect(matchesEventPattern({ detail: [{ exists: true }] }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ detail: ['terminated'] }, ec2Event)).toBe(false);
  });
});

describe('content filters', () => {
  it('prefix, with and without equals-ignore-case', () => {
    expect(matchesEventPattern({ time: [{ prefix: '2017-12-22' }] }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ time: [{ prefix: '2017-10-02' }] }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ source: [{ prefix: { 'equals-ignore-case': 'AWS.EC' } }] }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ source: [{ prefix: 'AWS.EC' }] }, ec2Event)).toBe(false);
  });

  it('suffix, with and without equals-ignore-case (documented FileName example)', () => {
    expect(matchesEventPattern({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' })).toBe(true);
    expect(matchesEventPattern({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.PNG' })).toBe(false);
    expect(matchesEventPattern({ FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] }, { FileName: 'image.PNG' })).toBe(true);
  });

  it('equals-ignore-case', () => {
    expect(matchesEventPattern({ 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ 'detail-type': [{ 'equals-ignore-case': 'ec2 instance' }] }, ec2Event)).toBe(false);
  });

  it('anything-but with a value, a list, numbers, prefix, suffix, ignore-case and wildcard', () => {
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'terminated' }] } }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, countsEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { 'c-count': [{ 'anything-but': [5, 6] }] } }, countsEvent)).toBe(false);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': { prefix: 'term' } }] } }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'a.png' })).toBe(false);
    expect(matchesEventPattern({ FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'a.jpg' })).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'TERMINATED' } }] } }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/lib/x' })).toBe(false);
    expect(matchesEventPattern({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/bin/x' })).toBe(true);
  });

  it('anything-but never matches an absent field', () => {
    expect(matchesEventPattern({ detail: { missing: [{ 'anything-but': 'x' }] } }, ec2Event)).toBe(false);
  });

  it('numeric ranges (the documented c-count / d-count / x-limit example)', () => {
    const pattern = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    };
    expect(matchesEventPattern(pattern, countsEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { 'c-count': [{ numeric: ['>', 5] }] } }, countsEvent)).toBe(false);
    expect(matchesEventPattern({ detail: { 'c-count': [{ numeric: ['>=', 5, '<', 6] }] } }, countsEvent)).toBe(true);
    // numeric only applies to JSON numbers
    expect(matchesEventPattern({ detail: { eventVersion: [{ numeric: ['>=', 0] }] } }, countsEvent)).toBe(false);
  });

  it('exists true and false on leaves', () => {
    expect(matchesEventPattern({ detail: { state: [{ exists: true }] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ exists: false }] } }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ detail: { other: [{ exists: false }] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { other: [{ exists: true }] } }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ missing: { deeper: [{ exists: false }] } }, ec2Event)).toBe(true);
  });

  it('wildcard with escapes (documented EventBusArn example)', () => {
    const pattern = { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] };
    expect(matchesEventPattern(pattern, { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/tradeloop' })).toBe(true);
    expect(matchesEventPattern(pattern, { EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/tradeloop' })).toBe(false);
    expect(matchesEventPattern({ k: [{ wildcard: 'a\\*b' }] }, { k: 'a*b' })).toBe(true);
    expect(matchesEventPattern({ k: [{ wildcard: 'a\\*b' }] }, { k: 'axb' })).toBe(false);
  });

  it('cidr on IPv4 addresses', () => {
    expect(matchesEventPattern({ detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, countsEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } }, countsEvent)).toBe(false);
  });

  it('$or (the documented combined example) and $or alongside other keys', () => {
    const pattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };
    expect(matchesEventPattern(pattern, countsEvent)).toBe(true);
    const none = { detail: { 'c-count': 50, 'd-count': 50, 'x-limit': 1 } };
    expect(matchesEventPattern(pattern, none)).toBe(false);
    const withSource = { source: ['aws.ec2'], $or: [{ detail: { state: ['running'] } }, { 'detail-type': [{ prefix: 'EC2' }] }] };
    expect(matchesEventPattern(withSource, ec2Event)).toBe(true);
    expect(matchesEventPattern({ ...withSource, source: ['aws.s3'] }, ec2Event)).toBe(false);
  });
});

describe('validation', () => {
  it.each([
    [{ source: 'aws.ec2' }],
    [{ source: [{ prefix: 1 }] }],
    [{ source: [{ numeric: ['>', 'x'] }] }],
    [{ source: [{ numeric: ['!=', 1] }] }],
    [{ source: [{ exists: 'yes' }] }],
    [{ source: [{ 'anything-but': ['a', 1] }] }],
    [{ source: [{ contains: 'x' }] }],
    [{ $or: [{ a: ['x'] }] }],
    [{ source: [{ prefix: 'a', suffix: 'b' }] }],
  ])('rejects the malformed pattern %j', (pattern) => {
    expect(() => assertValidEventPattern(pattern)).toThrow(InvalidEventPatternError);
  });

  it('accepts every rule of the wiring', () => {
    for (const rule of RULES) expect(() => compileEventPattern(rule.eventPattern)).not.toThrow();
  });
});
