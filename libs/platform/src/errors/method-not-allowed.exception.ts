import { MethodNotAllowedException as NestMethodNotAllowedException } from '@nestjs/common';
import { shownPath } from './shown-path';

/**
 * 405 for a path routed only for other methods, naming the method as the field (rule
 * `allowed`); the error filter sends `allowedMethods` as the `Allow` header HTTP requires. The
 * message names the path once, bounded.
 *
 * @publicApi
 */
export class MethodNotAllowedException extends NestMethodNotAllowedException {
  constructor(
    method: string,
    path: string,
    readonly allowedMethods: readonly string[],
  ) {
    const allows = `it allows ${allowedMethods.join(', ')}`;
    super({
      message: `${method} is not allowed on ${shownPath(path)}; ${allows}`,
      errors: [{ field: 'method', rule: 'allowed', message: `${method} is not allowed on this path; ${allows}` }],
    });
  }
}
