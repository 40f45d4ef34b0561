import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/** Where a page's recorder reports (same origin as the page; answered here, never forwarded). */
export const REPORT_PATH = '/__engines/report';
/**
 * Where the injected script is served from, on the page's own origin: a `<script src>` from there
 * is allowed by a strict policy (`script-src 'self'`), where an inline one would be refused.
 */
export const SCRIPT_PATH = '/__engines/init.js';

/** One console error or uncaught exception, reported by the recorder of one document. */
export interface Report {
  /** A random id of the document that reported it. */
  document: string;
  /** Its position among that document's reports. */
  index: number;
  text: string;
}

/**
 * An HTTP proxy for a browser whose driver cannot run a script before the page's own (classic
 * WebDriver has no such command): every HTML document that passes through gets `script()` as the
 * first script of its `<head>`. The page keeps its own origin (the browser only sends its requests
 * here), so storage, CORS, its Content-Security-Policy and redirects behave as without it. It also logs each request's URL and
 * collects the recorder's reports, which outlive the document that sent them.
 */
export interface InjectingProxy {
  /** `host:port`, for the browser's proxy setting. */
  address: string;
  /** Every proxied request's absolute URL, in order (reports left out). */
  readonly requests: string[];
  /** The recorder's reports, in the order they arrived. */
  readonly reports: Report[];
  /** The script injected into each HTML document from now on. */
  setScript(source: string): void;
  close(): Promise<void>;
}

function inject(html: string, script: string): string {
  const head = /<head[^>]*>/i.exec(html);
  if (head)
    return html.slice(0, head.index + head[0].length) + script + html.slice(head.index + head[0].length);
  return script + html;
}

/** Starts an `InjectingProxy` on a free port of 127.0.0.1. */
export async function startInjectingProxy(): Promise<InjectingProxy> {
  const requests: string[] = [];
  const reports: Report[] = [];
  let script = '';
  const agent = new Agent({ keepAlive: true });
  /** Client sockets of open WebSockets: the server no longer tracks them once upgraded. */
  const tunnels = new Set<Duplex>();

  const server: Server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    // A proxied request names the whole URL: `GET http://localhost:5173/ HTTP/1.1`.
    let url: URL;
    try {
      url = new URL(incoming.url ?? '');
    } catch {
      outgoing.writeHead(400).end();
      return;
    }
    if (url.protocol !== 'http:') {
      outgoing.writeHead(400).end();
      return;
    }
    if (url.pathname === SCRIPT_PATH) {
      outgoing.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
      });
      outgoing.end(script);
      return;
    }
    if (url.pathname === REPORT_PATH) {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (body += chunk));
      incoming.on('end', () => {
        try {
          reports.push(JSON.parse(body) as Report);
        } catch {
          reports.push({ document: 'unknown', index: reports.length, text: body });
        }
        outgoing.writeHead(204).end();
      });
      return;
    }
    requests.push(url.href);

    const headers = { ...incoming.headers };
    delete headers['proxy-connection'];
    // Bodies pass through as they are, so HTML can be edited without decoding it first.
    delete headers['accept-encoding'];
    const upstream = httpRequest(url, { method: incoming.method, headers, agent }, (answer) => {
      const isHtml = /^text\/html\b/i.test(answer.headers['content-type'] ?? '');
      if (!isHtml || !script) {
        outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(outgoing);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const html = inject(Buffer.concat(chunks).toString('utf8'), `<script src="${SCRIPT_PATH}"></script>`);
        const answerHeaders = { ...answer.headers };
        delete answerHeaders['content-length'];
        delete answerHeaders['transfer-encoding'];
        delete answerHeaders.etag;
        outgoing.writeHead(answer.statusCode ?? 502, {
          ...answerHeaders,
          'content-length': Buffer.byteLength(html),
        });
        outgoing.end(html);
      });
    });
    upstream.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    // A browser that gives up on a request (a navigation away) closes its side: close ours too.
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) upstream.destroy();
    });
    incoming.pipe(upstream);
  });

  // A WebSocket (Vite's dev client) arrives as `GET ws://…` with `Upgrade`: open it upstream and
  // join the two sockets once the server has switched protocols.
  server.on('upgrade', (incoming: IncomingMessage, socket: Duplex, head: Buffer) => {
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    let url: URL;
    try {
      url = new URL(incoming.url ?? '');
      url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
    } catch {
      socket.destroy();
      return;
    }
    const headers = { ...incoming.headers };
    delete headers['proxy-connection'];
    const upstream = httpRequest(url, { method: incoming.method, headers });
    upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
      const lines = [`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`];
      for (let i = 0; i < answer.rawHeaders.length; i += 2) {
        lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
      }
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (upstreamHead.length > 0) socket.write(upstreamHead);
      if (head.length > 0) upstreamSocket.write(head);
      upstreamSocket.pipe(socket).pipe(upstreamSocket);
      upstreamSocket.on('error', () => socket.destroy());
      socket.on('error', () => upstreamSocket.destroy());
    });
    // Refused (no WebSocket there): pass the answer on and close.
    upstream.on('response', (answer) => {
      socket.end(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\ncontent-length: 0\r\n\r\n`);
      answer.resume();
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    upstream.end();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    requests,
    reports,
    setScript(source) {
      script = source;
    },
    close: async () => {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}
