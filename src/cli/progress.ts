import { SingleBar } from 'cli-progress';

/** A progress line on stderr when it is a terminal; silent otherwise (CI logs, --json pipes). */
export function progressBar(label: string, total?: number): { update(n: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const format = total ? `${label} [{bar}] {percentage}% {value}/{total}` : `${label} {value} records`;
  const bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: false });
  bar.start(total ?? 0, 0);
  return { update: (n) => bar.update(n), stop: () => bar.stop() };
}
