import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Environment, TooManyRequestsException } from '@app/platform';
import { InjectRedis } from '@app/redis';

/**
 * Limits kept in Redis, so every replica counts together: password checks per email and client
 * address (`request.ip`, from the trusted proxy's `X-Forwarded-For`) and, higher, per email
 * from every address; registrations per client address.
 *
 * A password check (a login, or the current password of a password change) takes its point
 * before the password is verified, in one atomic `INCRBY`, and gives it back when the password
 * was right: however many guesses arrive at once, at most the limit of them is ever verified.
 */
@Injectable()
export class AuthThrottle {
  private readonly checksPerAddress: RateLimiterRedis;
  private readonly checksPerAccount: RateLimiterRedis;
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
    this.registrations = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'throttle:register',
      points: config.get('REGISTER_MAX_PER_WINDOW', { infer: true }),
      duration: config.get('REGISTER_WINDOW_SECONDS', { infer: true }),
    });
  }

  /**
   * Takes a point for one password check of `email` from `ip`; 429 (and nothing taken) once
   * either limit is spent, even for the right password. Call before verifying the password.
   */
  async beginPasswordCheck(email: string, ip: string): Promise<void> {
    await consume(this.checksPerAddress, addressKey(email, ip), 'Too many failed password attempts: try again later');
    try {
      await consume(this.checksPerAccount, email, 'Too many failed password attempts on this account: try again later');
    } catch (refusal) {
      await this.checksPerAddress.reward(addressKey(email, ip), 1);
      throw refusal;
    }
  }

  /**
   * The password was right: whoever knows it starts afresh from this address, and the account's
   * point is given back (not its whole count: a distributed guesser's tries stay counted).
   */
  async passwordCheckSucceeded(email: string, ip: string): Promise<void> {
    await Promise.all([this.checksPerAddress.delete(addressKey(email, ip)), this.checksPerAccount.reward(email, 1)]);
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
