import { Injectable } from '@nestjs/common';
import { FastifyInstance } from 'fastify';
import { existingSessionOf } from './request-session';

/**
 * Receives what the session library reports about its work. Every method is optional: an
 * observer implements the ones it wants.
 *
 * @publicApi
 */
export interface SessionMetricsObserver {
  /** A session was looked up by id; `found` is false when none exists (or it had ended). */
  sessionLoaded?(found: boolean): void;
  /** A session was written to Redis. */
  sessionWritten?(): void;
  /** A request ended with its loaded session unchanged, so nothing was written. */
  sessionWriteSkipped?(): void;
  /** A Redis call of the store ended, `failed` when it threw; `operation` is the command or script. */
  redisCallEnded?(operation: string, seconds: number, failed: boolean): void;
}

/**
 * The session library's counters, as events: the store reports here, and an observer (the
 * platform's Prometheus metrics) turns them into numbers. The library itself depends on no
 * metrics client, and reporting without an observer costs next to nothing.
 *
 * @publicApi
 */
@Injectable()
export class SessionMetrics {
  private observers: readonly SessionMetricsObserver[] = [];
  // Sessions written during their request, so that the end of a request can tell a skipped write.
  private readonly written = new WeakSet<object>();

  /** Adds an observer; the returned function removes it. */
  subscribe(observer: SessionMetricsObserver): () => void {
    this.observers = [...this.observers, observer];
    return () => {
      this.observers = this.observers.filter((item) => item !== observer);
    };
  }

  loaded(found: boolean): void {
    for (const observer of this.observers) observer.sessionLoaded?.(found);
  }

  /** Reports a write of `session` to Redis. */
  wrote(session: object): void {
    this.written.add(session);
    for (const observer of this.observers) observer.sessionWritten?.();
  }

  /**
   * Reports the end of a request: a session that was loaded from the store (it has a creation
   * time) and was not written during the request counts as a skipped write.
   */
  requestEnded(session: { createdAt?: number; storeUnavailable?: true } | null | undefined): void {
    if (!session || session.createdAt === undefined || session.storeUnavailable) return;
    if (this.written.has(session)) return;
    for (const observer of this.observers) observer.sessionWriteSkipped?.();
  }

  /**
   * Counts a skipped write at the end of each request of `fastify` (see {@link requestEnded}).
   * `onResponse` runs after `@fastify/session` has saved the session, if it did.
   */
  observeRequests(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, _reply, done) => {
      this.requestEnded(existingSessionOf(request));
      done();
    });
  }

  /** Reports a Redis call made outside {@link observeCalls}, such as a batch of reads. */
  callEnded(operation: string, seconds: number, failed: boolean): void {
    for (const observer of this.observers) observer.redisCallEnded?.(operation, seconds, failed);
  }

  /**
   * A view of a Redis client whose every call that returns a promise (a command or a script)
   * is timed and reported, named after the method. The client itself is left as it is.
   */
  observeCalls<T extends object>(client: T): T {
    return new Proxy(client, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]): unknown => {
          if (this.observers.length === 0) return Reflect.apply(value, target, args);
          const started = process.hrtime.bigint();
          const result: unknown = Reflect.apply(value, target, args);
          if (!(result instanceof Promise)) return result;
          const report = (failed: boolean): void => {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            for (const observer of this.observers) observer.redisCallEnded?.(property, seconds, failed);
          };
          return result.then(
            (reply: unknown) => {
              report(false);
              return reply;
            },
            (error: unknown) => {
              report(true);
              throw error;
            },
          );
        };
      },
    });
  }
}
