import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForReady(
  url: string,
  ms = 60_000,
  gaveUp: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !gaveUp()) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready`);
}

export interface HubProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `src/main.ts` (the real entry point of `npm start`) in a child process (on `env.PORT`, or a free port). */
export async function startHubProcess(env: Record<string, string>): Promise<HubProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  let out = '';
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'src/main.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  let gone = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      gone = true;
      resolve(code);
    }),
  );
  try {
    await Promise.race([
      waitForReady(`http://127.0.0.1:${port}/readyz`, 60_000, () => gone),
      exited.then((code) => {
        throw new Error(`hub exited with ${code}: ${out}`);
      }),
    ]);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    child,
    url: `http://127.0.0.1:${port}/graphql`,
    output: () => out,
    async stop() {
      if (child.exitCode != null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs a command-line script of the hub (`src/cli/<name>.ts`, as `npm run <name>` does) to its end. */
export function runScript(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register', `src/cli/${name}.ts`, ...args], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d) => (output += String(d)));
    child.stderr?.on('data', (d) => (output += String(d)));
    child.once('exit', (code) => resolve({ code, output }));
  });
}
