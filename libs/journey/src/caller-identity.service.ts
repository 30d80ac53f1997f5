import { AppConfig } from '@fc/config';
import { Injectable } from '@nestjs/common';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { createHmac } from 'node:crypto';
import { InvalidCallerNumberError } from './journey-errors.js';

export interface CallerIdentity {
  /** E.164, kept only in `caller_numbers` for callbacks and feedback links. */
  e164: string;
  /** HMAC-SHA256(pepper, E.164) as hex: finds repeat contacts without storing the number on the call. */
  callerKey: string;
}

/** Turns a number from the telephony platform into its E.164 form and pseudonymous caller key. */
@Injectable()
export class CallerIdentityService {
  constructor(private readonly config: AppConfig) {}

  /** `null` when the caller withheld their number; throws on a number that cannot be a phone number. */
  identify(rawNumber: string | undefined | null): CallerIdentity | null {
    if (rawNumber === undefined || rawNumber === null || rawNumber.trim() === '') return null;
    const parsed = parsePhoneNumberFromString(rawNumber, this.config.callerNumberDefaultRegion as CountryCode);
    if (!parsed?.isValid()) throw new InvalidCallerNumberError();
    const e164 = parsed.number;
    return { e164, callerKey: createHmac('sha256', this.config.callerKeyPepper).update(e164).digest('hex') };
  }
}
