import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment';
import { GracefulShutdownService } from './graceful-shutdown.service';

describe('GracefulShutdownService', () => {
  const serviceWith = (drainSeconds: number, timeoutSeconds: number): GracefulShutdownService =>
    new GracefulShutdownService(
      new ConfigService<Environment, true>({
        SHUTDOWN_DRAIN_SECONDS: drainSeconds,
        SHUTDOWN_TIMEOUT_SECONDS: timeoutSeconds,
      }),
    );

  let exit: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
  });

  afterEach(() => {
    jest.useRealTimers();
    exit.mockRestore();
  });

  it('is shutting down from the first hook on, and only then', async () => {
    const shutdown = serviceWith(0, 10);
    expect(shutdown.isShuttingDown).toBe(false);
    await shutdown.beforeApplicationShutdown('SIGTERM');
    expect(shutdown.isShuttingDown).toBe(true);
  });

  it('keeps serving for the drain time after a signal before letting Nest close the server', async () => {
    const shutdown = serviceWith(5, 10);
    let drained = false;
    const hook = shutdown.beforeApplicationShutdown('SIGTERM').then(() => (drained = true));
    expect(shutdown.isShuttingDown).toBe(true);
    await jest.advanceTimersByTimeAsync(4_900);
    expect(drained).toBe(false);
    await jest.advanceTimersByTimeAsync(100);
    await hook;
    expect(drained).toBe(true);
  });

  it('exits with code 1 when closing outlasts drain plus timeout', async () => {
    const shutdown = serviceWith(1, 2);
    const hook = shutdown.beforeApplicationShutdown('SIGTERM');
    await jest.advanceTimersByTimeAsync(2_999);
    expect(exit).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(exit).toHaveBeenCalledWith(1);
    await hook;
  });

  it('neither waits nor arms the deadline when closed from code', async () => {
    const shutdown = serviceWith(5, 1);
    await shutdown.beforeApplicationShutdown();
    expect(shutdown.isShuttingDown).toBe(true);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(exit).not.toHaveBeenCalled();
  });
});
