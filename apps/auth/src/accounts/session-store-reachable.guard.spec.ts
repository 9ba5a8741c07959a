import { ExecutionContext, ServiceUnavailableException } from '@nestjs/common';
import { ResolvedSessionOptions } from '@app/session';
import { SessionStoreReachableGuard } from './session-store-reachable.guard';

// A request as the session plugin leaves it; without a cookie, reading `request.session` would start a session.
const contextFor = (cookies: Record<string, string>, session?: object): ExecutionContext =>
  ({
    switchToHttp: () => ({
      getRequest: () => ({
        cookies,
        get session(): object {
          if (!session) throw new Error('the guard started a session');
          return session;
        },
      }),
    }),
  }) as unknown as ExecutionContext;

describe('SessionStoreReachableGuard', () => {
  const guard = new SessionStoreReachableGuard({ cookieName: 'sid' } as ResolvedSessionOptions);

  it('answers 503 when the session of the cookie could not be read', () => {
    expect(() => guard.canActivate(contextFor({ sid: 's' }, { storeUnavailable: true }))).toThrow(
      ServiceUnavailableException,
    );
  });

  it('lets a request through whose session was read, or that came without the cookie', () => {
    expect(guard.canActivate(contextFor({ sid: 's' }, {}))).toBe(true);
    expect(guard.canActivate(contextFor({ other: 'x' }))).toBe(true);
  });
});
