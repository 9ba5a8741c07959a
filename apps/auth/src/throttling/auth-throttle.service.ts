import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Environment, TooManyRequestsException } from '@app/platform';
import { InjectRedis } from '@app/redis';

/**
 * Limits kept in Redis, so every replica counts together: password checks per email and client
 * address (`request.ip`, from the trusted proxy's `X-Forwarded-For`) and, higher, per email
 * from every address and per client address for every email; registrations per client address.
 *
 * A password check (a login, or the current password of a password change) takes its point
 * of each limit before the password is verified, in one atomic `INCRBY` each, and gives it back
 * when the password was right: however many guesses arrive at once, at most the limit of them is
 * ever verified. An unknown email costs the same check (a scrypt), so one address cannot make the
 * replicas hash without bound by asking for a new email each time.
 */
@Injectable()
export class AuthThrottle {
  private readonly checksPerAddress: RateLimiterRedis;
  private readonly checksPerAccount: RateLimiterRedis;
  private readonly checksPerClient: RateLimiterRedis;
  private readonly registrations: RateLimiterRedis;

  constructor(@InjectRedis() redis: Redis, config: ConfigService<Environment, true>) {
    const window = config.get('LOGIN_FAILURE_WINDOW_SECONDS', { infer: true });
    this.checksPerAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'throttle:login',
      points: config.get('LOGIN_MAX_FAILURES', { infer: true }),
      duration: window,
    });
    this.checksPerAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'throttle:login-account',
      points: config.get('LOGIN_MAX_FAILURES_PER_ACCOUNT', { infer: true }),
      duration: window,
    });
    this.checksPerClient = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'throttle:login-client',
      points: config.get('LOGIN_MAX_FAILURES_PER_CLIENT', { infer: true }),
      duration: window,
    });
    this.registrations = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'throttle:register',
      points: config.get('REGISTER_MAX_PER_WINDOW', { infer: true }),
      duration: config.get('REGISTER_WINDOW_SECONDS', { infer: true }),
    });
  }

  /**
   * Takes a point of each limit for one password check of `email` from `ip`; 429 (and nothing
   * taken) once any is spent, even for the right password. Call before verifying the password.
   */
  async beginPasswordCheck(email: string, ip: string): Promise<void> {
    const limits: [RateLimiterRedis, string, string][] = [
      [this.checksPerAddress, addressKey(email, ip), 'Too many failed password attempts: try again later'],
      [this.checksPerClient, ip, 'Too many failed password attempts from this address: try again later'],
      [this.checksPerAccount, email, 'Too many failed password attempts on this account: try again later'],
    ];
    const taken: [RateLimiterRedis, string][] = [];
    try {
      for (const [limiter, key, message] of limits) {
        await consume(limiter, key, message);
        taken.push([limiter, key]);
      }
    } catch (refusal) {
      await Promise.all(taken.map(([limiter, key]) => limiter.reward(key, 1)));
      throw refusal;
    }
  }

  /**
   * The password was right: whoever knows it starts afresh from this address, and the address's
   * and the account's points are given back (not their whole counts: a guesser's other tries,
   * from this address or spread over many, stay counted).
   */
  async passwordCheckSucceeded(email: string, ip: string): Promise<void> {
    await Promise.all([
      this.checksPerAddress.delete(addressKey(email, ip)),
      this.checksPerClient.reward(ip, 1),
      this.checksPerAccount.reward(email, 1),
    ]);
  }

  /** Counts a registration from this address; 429 past the limit. */
  consumeRegistration(ip: string): Promise<void> {
    return consume(this.registrations, ip, 'Too many registrations from this address: try again later');
  }
}

async function consume(limiter: RateLimiterRedis, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw new TooManyRequestsException(message, rejection.msBeforeNext / 1000);
  }
}

const addressKey = (email: string, ip: string): string => `${email}|${ip}`;
