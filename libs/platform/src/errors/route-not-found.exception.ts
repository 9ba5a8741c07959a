import { NotFoundException } from '@nestjs/common';
import { shownPath } from './shown-path';

/**
 * 404 for a path no route of the app serves, naming the URL as the field (rule `routed`), as
 * the gateway answers for a path no app serves. The message names the path once, bounded.
 *
 * @publicApi
 */
export class RouteNotFoundException extends NotFoundException {
  constructor(method: string, path: string) {
    super({
      message: `No route serves ${method} ${shownPath(path)}`,
      errors: [{ field: 'url', rule: 'routed', message: 'No route serves this path' }],
    });
  }
}
