import { NotFoundException } from '@nestjs/common';

/**
 * 404 for a path no route of the app serves, naming the URL as the field (rule `routed`), as
 * the gateway answers for a path no app serves.
 *
 * @publicApi
 */
export class RouteNotFoundException extends NotFoundException {
  constructor(method: string, path: string) {
    const message = `No route serves ${method} ${path}`;
    super({ message, errors: [{ field: 'url', rule: 'routed', message }] });
  }
}
