import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * Extra node flags for hub processes, e.g. `BENCH_HUB_NODE_ARGS="--cpu-prof --cpu-prof-dir=./prof"`
 * (profiles are written when the hub exits).
 */
export function hubNodeArgs(): string[] {
  return (process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/**
 * The node binary that runs the hub, the floor and the baseline: `--node PATH` of `npm run bench`
 * (kept in BENCH_NODE), else the one running the benchmark.
 */
export function benchNode(): string {
  return process.env.BENCH_NODE || process.execPath;
}

/**
 * The production build's entry point (`node dist/src/main.js`), spelled with a double slash so
 * that someone's broad `pkill -f dist/src/main.js` on a shared machine does not end the
 * benchmark's hub halfway through a measurement.
 */
export const HUB_ENTRY = 'dist//src/main.js';

/** Every child the benchmark started, killed on exit, error or signal. */
const children = new Set<ChildProcess>();

export function killChildren(): void {
  for (const child of children) {
    if (child.exitCode == null && child.signalCode == null) child.kill('SIGKILL');
  }
  children.clear();
}

let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killChildren();
      process.exit(130);
    });
  }
}

/** Kills `child` with the benchmark's other children when the benchmark ends. */
export function track(child: ChildProcess): void {
  hookExit();
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function ownRss(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** `own` of a process plus that of all its descendants (a cluster's primary and its workers). */
function overTree(pid: number, own: (pid: number) => number | null): number | null {
  const value = own(pid);
  if (value == null) return null;
  return childrenOf(pid).reduce((sum, child) => sum + (overTree(child, own) ?? 0), value);
}

/** Resident set size in bytes (Linux /proc) of a process and its descendants; null when gone. */
export function rssOf(pid: number): number | null {
  return overTree(pid, ownRss);
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

function ownCpuMs(pid: number): number | null {
  try {
    // Fields after the command's closing parenthesis: state is field 3, utime 14 and stime 15.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * CPU time in milliseconds (user and system, every thread) used so far by a process and all its
 * descendants, or null when it is gone (Linux /proc; 10 ms resolution).
 */
export function cpuMsOf(pid: number): number | null {
  return overTree(pid, ownCpuMs);
}

export interface Started {
  child: ChildProcess;
  pid: number;
  port: number;
  /** Milliseconds from spawn to the first 200 of the readiness URL. */
  readyMs: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Spawns `node <args>` with `env` (PORT set to a free port; `unsetEnv` taken out of the inherited
 * environment) and waits until `readyPath` answers 200, polling every 20 ms; fails after
 * `timeoutMs` or when the child exits first.
 */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  options: { readyPath?: string; timeoutMs?: number; label: string; unsetEnv?: string[]; cwd?: string },
): Promise<Started> {
  hookExit();
  const port = await freePort();
  let out = '';
  const childEnv: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', ...env, PORT: String(port) };
  for (const name of options.unsetEnv ?? []) delete childEnv[name];
  const t0 = performance.now();
  const child = spawn(benchNode(), args, {
    cwd: options.cwd ?? ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const keep = (d: Buffer) => {
    out = (out + String(d)).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const url = `http://127.0.0.1:${port}${options.readyPath ?? '/readyz'}`;
  let readyMs = -1;
  while (Date.now() < deadline) {
    if (child.exitCode != null || child.signalCode != null) break;
    try {
      const res = await fetch(url);
      if (res.status === 200) {
        readyMs = performance.now() - t0;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const stop = async () => {
    if (child.exitCode == null && child.signalCode == null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    children.delete(child);
  };
  if (readyMs < 0) {
    child.kill('SIGKILL');
    await exited;
    children.delete(child);
    throw new Error(`${options.label} did not become ready:\n${out}`);
  }
  return { child, pid: child.pid!, port, readyMs, output: () => out, stop };
}

/** Samples a process's RSS every `ms` while running; `peak()` is the largest seen. */
export function rssSampler(pid: number, ms = 500): { peak(): number; last(): number; stop(): void } {
  let peak = rssOf(pid) ?? 0;
  let last = peak;
  const timer = setInterval(() => {
    const v = rssOf(pid);
    if (v != null) {
      last = v;
      peak = Math.max(peak, v);
    }
  }, ms);
  timer.unref();
  return { peak: () => peak, last: () => last, stop: () => clearInterval(timer) };
}
