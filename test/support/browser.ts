import fs from 'node:fs';
import http from 'node:http';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`), never a downloaded browser, without the
 * background traffic of a normal profile (this machine's network is closed).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh context (its own empty profile) that records the URL of every request its pages make. */
export async function recordingContext(
  browser: Browser,
): Promise<{ context: BrowserContext; requests: string[] }> {
  const context = await browser.newContext();
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  return { context, requests };
}

export interface StaticSite {
  port: number;
  close(): Promise<void>;
}

/** A small static web server (another origin than the hub's) serving the given paths. */
export async function serveStatic(
  files: Record<string, { type: string; body: string | Buffer }>,
  host = '127.0.0.1',
): Promise<StaticSite> {
  const server = http.createServer((req, res) => {
    const file = files[(req.url ?? '/').split('?')[0]];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
