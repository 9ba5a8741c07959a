import { ExecutionContext, ServiceUnavailableException } from '@nestjs/common';
import { REQUEST_SESSION } from '../request-session';
import { SessionStoreReachableGuard } from './session-store-reachable.guard';

// A request as the session plugin leaves it; reading `request.session` would start a session.
const contextFor = (session: object | null | undefined): ExecutionContext =>
  ({
    switchToHttp: () => ({
      getRequest: () => ({
        [REQUEST_SESSION]: session,
        get session(): never {
          throw new Error('the guard started a session');
        },
      }),
    }),
  }) as unknown as ExecutionContext;

describe('SessionStoreReachableGuard', () => {
  const guard = new SessionStoreReachableGuard();

  it('answers 503 when the session of the cookie could not be read', () => {
    expect(() => guard.canActivate(contextFor({ storeUnavailable: true }))).toThrow(ServiceUnavailableException);
  });

  it('lets a request through whose session was read, or that came without a cookie', () => {
    expect(guard.canActivate(contextFor({ user: { id: 'u1' } }))).toBe(true);
    expect(guard.canActivate(contextFor({}))).toBe(true);
    expect(guard.canActivate(contextFor(undefined))).toBe(true);
  });
});
