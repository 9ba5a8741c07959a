import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Environment, TooManyRequestsException } from '@app/platform';
import { InjectRedis } from '@app/redis';

/**
 * Limits kept in Redis, so every replica counts together: failed logins per email and client
 * address (`request.ip`, from the trusted proxy's `X-Forwarded-For`), and registrations per
 * client address.
 */
@Injectable()
export class AuthThrottle {
  private readonly loginFailures: RateLimiterRedis;
  private readonly registrations: RateLimiterRedis;
  private readonly maxLoginFailures: number;

  constructor(@InjectRedis() redis: Redis, config: ConfigService<Environment, true>) {
    this.maxLoginFailures = config.get('LOGIN_MAX_FAILURES', { infer: true });
    this.loginFailures = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'throttle:login',
      points: this.maxLoginFailures,
      duration: config.get('LOGIN_FAILURE_WINDOW_SECONDS', { infer: true }),
    });
    this.registrations = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'throttle:register',
      points: config.get('REGISTER_MAX_PER_WINDOW', { infer: true }),
      duration: config.get('REGISTER_WINDOW_SECONDS', { infer: true }),
    });
  }

  /** 429 once this email has failed too often from this address, even with the right password. */
  async assertLoginAllowed(email: string, ip: string): Promise<void> {
    const state = await this.loginFailures.get(loginKey(email, ip));
    if (state && state.consumedPoints >= this.maxLoginFailures) {
      throw new TooManyRequestsException('Too many failed logins: try again later', state.msBeforeNext / 1000);
    }
  }

  async recordLoginFailure(email: string, ip: string): Promise<void> {
    await this.loginFailures.penalty(loginKey(email, ip));
  }

  async forgetLoginFailures(email: string, ip: string): Promise<void> {
    await this.loginFailures.delete(loginKey(email, ip));
  }

  /** Counts a registration from this address; 429 past the limit. */
  async consumeRegistration(ip: string): Promise<void> {
    try {
      await this.registrations.consume(ip);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new TooManyRequestsException(
        'Too many registrations from this address: try again later',
        rejection.msBeforeNext / 1000,
      );
    }
  }
}

const loginKey = (email: string, ip: string): string => `${email}|${ip}`;
