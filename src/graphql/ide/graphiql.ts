import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import { Router } from 'express';

/**
 * GraphiQL (the npm registry's `graphiql` 3.x: its last line with a ready-made browser bundle, run
 * on React 18's browser builds) served by the hub itself from node_modules: the page loads nothing
 * from any other host (no CDN, no web fonts: its fonts are inside its stylesheet), and its Content
 * Security Policy forbids it to.
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/** Where the IDE's files are served, below the GraphQL path (one path to route to the hub). */
export const IDE_ASSET_PATH = '/graphql/ide';

/** The query the IDE opens with. */
export const EXAMPLE_QUERY = `# Vaatu Hub. Run with ▶ or Ctrl-Enter;
# Ctrl-Space completes; the docs are on the left.
#
# Signed in: in Headers below, enter
#   {"authorization": "Bearer <token>"}
# A development token:
#   npm run token -- --role COORDINATOR
#
# NewMaterials below waits for announcements.

query Actors($first: Int = 5) {
  actors(first: $first) {
    totalCount
    nodes {
      id
      slug
      name
      kind
    }
  }
}

subscription NewMaterials {
  materialPublished {
    cursor
    material {
      id
      title
      publisher {
        name
      }
    }
  }
}
`;

function packageDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

/** Starts GraphiQL: HTTP for queries and mutations, graphql-ws on the same path for subscriptions. */
const START_SCRIPT = `(function () {
  var http = location.origin + location.pathname.replace(/\\/+$/, '');
  var ws = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + location.pathname.replace(/\\/+$/, '');
  var fetcher = GraphiQL.createFetcher({ url: http, subscriptionUrl: ws });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(EXAMPLE_QUERY)},
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    }),
  );
})();
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Vaatu Hub · GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${IDE_ASSET_PATH}/graphiql.css" />
    <style>
      html, body, #graphiql { height: 100%; margin: 0; }
    </style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="${IDE_ASSET_PATH}/react.js"></script>
    <script src="${IDE_ASSET_PATH}/react-dom.js"></script>
    <script src="${IDE_ASSET_PATH}/graphiql.js"></script>
    <script src="${IDE_ASSET_PATH}/start.js"></script>
  </body>
</html>
`;

/** Only this host: the page's own files, and HTTP and WebSocket requests to the hub. */
function contentSecurityPolicy(req: Request): string {
  const host = req.headers.host ?? '';
  const ws = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A browser asking for a page (and not running a query by GET). */
function wantsPage(req: Request): boolean {
  return (
    req.query.query === undefined &&
    req.query.extensions === undefined &&
    req.accepts(['json', 'html']) === 'html'
  );
}

function notFound(res: Response, message: string): void {
  res.status(404).json({ errors: [{ message, extensions: { code: 'NOT_FOUND' } }] });
}

/**
 * GET /graphql from a browser: GraphiQL when `enabled`, else a JSON 404 saying how to turn it on
 * (Apollo's own landing page is off: it loads its code from a CDN). Queries by GET, and every
 * other client, go on to Apollo.
 */
export function graphiqlRoutes(enabled: boolean): RequestHandler {
  const router = Router();
  router.get('/graphql', (req, res, next) => {
    if (!wantsPage(req)) return next();
    if (!enabled) return notFound(res, 'The GraphQL IDE is off on this server (GRAPHIQL=true turns it on)');
    res
      .status(200)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': contentSecurityPolicy(req),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      })
      .send(PAGE);
  });
  router.get(`${IDE_ASSET_PATH}/:file`, (req, res) => {
    const file = req.params.file;
    if (!enabled) return notFound(res, 'The GraphQL IDE is off on this server');
    if (file === 'start.js') {
      res
        .set({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' })
        .send(START_SCRIPT);
      return;
    }
    const asset = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!asset) return notFound(res, 'No such file');
    res.sendFile(path.join(packageDir(asset.pkg), asset.file), {
      headers: { 'content-type': `${asset.type}; charset=utf-8`, 'x-content-type-options': 'nosniff' },
      maxAge: '1d',
    });
  });
  return router;
}
