import { SchedulerRegistry } from '@nestjs/schedule';

/**
 * Registers `tick` to run every `minutes` (0 or less: not at all) under a name the scheduler
 * registry knows, so shutdown clears it. The timer never keeps the process alive on its own.
 */
export function scheduleEvery(registry: SchedulerRegistry, name: string, minutes: number, tick: () => Promise<void>): void {
  if (minutes <= 0) return;
  const timer = setInterval(() => void tick(), minutes * 60_000);
  timer.unref();
  registry.addInterval(name, timer);
}
