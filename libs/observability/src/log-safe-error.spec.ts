import { describe, expect, it } from '@jest/globals';
import { pino, stdSerializers } from 'pino';
import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { logSafeError } from './log-safe-error.js';

/** A database error as TypeORM raises it for a check violation on a row that holds a caller number. */
function checkViolation(): QueryFailedError {
  const driverError = Object.assign(new Error('new row for relation "caller_numbers" violates check constraint "caller_numbers_test_check"'), {
    code: '23514',
    severity: 'ERROR',
    detail: 'Failing row contains (6f1c7a4e-9a43-4c1e-8d0b-2a7e6f9b1c3d, +4791234567, 2026-12-03 13:00:00+00).',
    schema: 'public',
    table: 'caller_numbers',
    constraint: 'caller_numbers_test_check',
    where: 'SQL statement "INSERT INTO caller_numbers VALUES (\'+4791234567\')"',
    routine: 'ExecConstraints',
  });
  return new QueryFailedError('INSERT INTO "caller_numbers"("call_id", "phone_e164") VALUES ($1, $2)', ['6f1c7a4e-9a43-4c1e-8d0b-2a7e6f9b1c3d', '+4791234567'], driverError);
}

/** What a pino logger set up like the api's (pino-http wraps pino's own error serializer around ours) writes. */
function logged(fields: Record<string, unknown>): string {
  let output = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  });
  pino({ serializers: { err: stdSerializers.wrapErrorSerializer(logSafeError as (err: unknown) => Record<string, unknown>) } }, sink).error(fields, 'request failed');
  return output;
}

describe('errors in the log', () => {
  it('keep their type, message, code, query text, stack and schema names, and never the values of a failed query', () => {
    const line = logged({ err: checkViolation() });
    expect(line).not.toContain('91234567');
    const { err } = JSON.parse(line) as { err: Record<string, unknown> };
    expect(err).toMatchObject({
      type: 'QueryFailedError',
      message: 'new row for relation "caller_numbers" violates check constraint "caller_numbers_test_check"',
      code: '23514',
      query: 'INSERT INTO "caller_numbers"("call_id", "phone_e164") VALUES ($1, $2)',
      table: 'caller_numbers',
      constraint: 'caller_numbers_test_check',
    });
    expect(err.stack).toMatch(/^QueryFailedError: new row/);
    expect(Object.keys(err)).not.toEqual(expect.arrayContaining(['parameters']));
    for (const dropped of ['parameters', 'detail', 'driverError', 'where', 'schema', 'severity']) expect(err).not.toHaveProperty(dropped);
  });

  it('mask a number a message quotes, and treat the cause the same way', () => {
    const error = new Error('could not call back +4791234567', { cause: Object.assign(new Error('invalid input syntax for type uuid: "4791234567"'), { parameters: ['+4791234567'] }) });
    const line = logged({ err: error });
    expect(line).not.toContain('91234567');
    expect(JSON.parse(line).err.message).toContain('could not call back [number]');
  });

  it('serializes an error given directly, and leaves what is not an object as it is', () => {
    expect(logSafeError(checkViolation())).toEqual({
      type: 'QueryFailedError',
      message: 'new row for relation "caller_numbers" violates check constraint "caller_numbers_test_check"',
      stack: expect.stringMatching(/^QueryFailedError/),
      code: '23514',
      query: 'INSERT INTO "caller_numbers"("call_id", "phone_e164") VALUES ($1, $2)',
      table: 'caller_numbers',
      constraint: 'caller_numbers_test_check',
      routine: 'ExecConstraints',
    });
    expect(logSafeError('boom')).toBe('boom');
  });
});
