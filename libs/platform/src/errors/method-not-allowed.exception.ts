import { MethodNotAllowedException as NestMethodNotAllowedException } from '@nestjs/common';

/**
 * 405 for a path routed only for other methods, naming the method as the field (rule
 * `allowed`); the error filter sends `allowedMethods` as the `Allow` header HTTP requires.
 *
 * @publicApi
 */
export class MethodNotAllowedException extends NestMethodNotAllowedException {
  constructor(
    method: string,
    path: string,
    readonly allowedMethods: readonly string[],
  ) {
    const message = `${method} is not allowed on ${path}; it allows ${allowedMethods.join(', ')}`;
    super({ message, errors: [{ field: 'method', rule: 'allowed', message }] });
  }
}
