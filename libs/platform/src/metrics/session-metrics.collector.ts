import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter, Histogram } from 'prom-client';
import { SessionMetrics } from '@app/session';
import {
  SESSION_HITS_TOTAL,
  SESSION_LOADS_TOTAL,
  SESSION_MISSES_TOTAL,
  SESSION_REDIS_DURATION_SECONDS,
  SESSION_REDIS_ERRORS_TOTAL,
  SESSION_WRITES_SKIPPED_TOTAL,
  SESSION_WRITES_TOTAL,
} from './metrics.constants';

/** Turns what the session library reports ({@link SessionMetrics}) into Prometheus metrics. */
@Injectable()
export class SessionMetricsCollector implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly sessionMetrics: SessionMetrics,
    @InjectMetric(SESSION_LOADS_TOTAL) private readonly loads: Counter<string>,
    @InjectMetric(SESSION_HITS_TOTAL) private readonly hits: Counter<string>,
    @InjectMetric(SESSION_MISSES_TOTAL) private readonly misses: Counter<string>,
    @InjectMetric(SESSION_WRITES_TOTAL) private readonly writes: Counter<string>,
    @InjectMetric(SESSION_WRITES_SKIPPED_TOTAL) private readonly writesSkipped: Counter<string>,
    @InjectMetric(SESSION_REDIS_ERRORS_TOTAL) private readonly redisErrors: Counter<string>,
    @InjectMetric(SESSION_REDIS_DURATION_SECONDS) private readonly redisDurations: Histogram<string>,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.sessionMetrics.subscribe({
      sessionLoaded: (found) => {
        this.loads.inc();
        (found ? this.hits : this.misses).inc();
      },
      sessionWritten: () => this.writes.inc(),
      sessionWriteSkipped: () => this.writesSkipped.inc(),
      redisCallEnded: (operation, seconds, failed) => {
        this.redisDurations.observe({ operation }, seconds);
        if (failed) this.redisErrors.inc({ operation });
      },
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}
