import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 with the seconds to wait; the login route puts them in `Retry-After`. */
export class LoginThrottledException extends HttpException {
  constructor(readonly retryAfterSec: number) {
    super('Too many failed sign-ins: wait and try again', HttpStatus.TOO_MANY_REQUESTS);
  }
}
