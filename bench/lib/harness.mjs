// Timing through tinybench: each task is added to one Bench, warmed up, then sampled until both a
// time budget and a minimum iteration count are met. The Bench runs `rounds` times, in alternating
// order, so that tasks compared with each other are sampled alternately rather than minutes apart;
// the result of a task is the median of its rounds' medians.
import { setImmediate as nextMacrotask, setTimeout as sleep } from 'node:timers/promises';
import { Bench } from 'tinybench';
import { median } from './report.mjs';

export const quick = process.argv.includes('--quick');

/** Process CPU time (user + system) in milliseconds: what a build costs, less disturbed than wall time by other load on the machine. */
export function cpuNow() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `tasks` (`{ name, fn, per = 1, afterEach? }`; `fn` may be async, `per` is how many calls one
 * run of `fn` makes) and resolves with `{ [name]: [median nanoseconds per call of each round] }`.
 */
export async function measureRounds(
  tasks,
  { time = quick ? 150 : 400, warmupTime = quick ? 50 : 100, iterations = 16, warmupIterations = 4, rounds = quick ? 1 : 2, now } = {},
) {
  const perRound = Object.fromEntries(tasks.map((task) => [task.name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time, warmupTime, iterations, warmupIterations, warmup: warmupIterations > 0 || warmupTime > 0, throws: true, ...(now ? { now } : {}) });
    // Every other round in reverse order: the task that runs second would otherwise always pay for
    // the garbage the first one left.
    const order = round % 2 === 0 ? tasks : [...tasks].reverse();
    for (const task of order) bench.add(task.name, task.fn, task.afterEach ? { afterEach: task.afterEach } : {});
    await bench.run();
    for (const task of tasks) {
      const result = bench.getTask(task.name).result;
      if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state} ${result.error ?? ''}`);
      perRound[task.name].push((result.latency.p50 * 1e6) / (task.per ?? 1));
    }
  }
  return perRound;
}

/** {@link measureRounds}, reduced to `{ [name]: median nanoseconds per call }`. */
export async function measure(tasks, options) {
  const perRound = await measureRounds(tasks, options);
  return Object.fromEntries(Object.entries(perRound).map(([name, values]) => [name, median(values)]));
}

/**
 * One sample of a producer feeding a batching exporter: `calls` calls, made `chunk` at a time by
 * `run(chunk)`, each chunk followed by a turn of the event loop so that the exporter encodes and
 * sends inside the sample. A sample spans many of the exporter's batches, so that it measures the
 * amortised cost of a span rather than a sample with or without a flush in it. Before a chunk, the
 * producer sleeps until the exporter's queue has `room()` for it: a dropped span costs almost
 * nothing, so a producer that overran the queue would be timed mostly on spans never encoded.
 * Time such a sample with {@link cpuNow}: the sleep waits for the collector and costs no CPU, while
 * the work the exporter does meanwhile (encoding, the responses) is counted. `waits.turns` counts
 * the sleeps.
 */
export function paced(run, { calls, chunk, room, waits = { turns: 0 } }) {
  return async () => {
    for (let done = 0; done < calls; done += chunk) {
      while (room() < chunk) {
        waits.turns++;
        await sleep(1);
      }
      await run(chunk);
      await nextMacrotask();
    }
  };
}
