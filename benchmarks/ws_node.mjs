// ws_node.mjs: el par en Node.js del banco de difusión (tools/rendimiento.py).
// Es lo que escribiría quien elige Node en vez de C++: el paquete ws para
// WebSocket y el módulo http de Node para SSE y para el POST que difunde. Las
// mismas URL que el servidor de referencia:
//   GET /ws?channel=…            WebSocket
//   GET /sse/events?channel=…    Server-Sent Events
//   POST /sse/broadcast/{canal}  difunde el cuerpo JSON a los dos
//
//   node benchmarks/ws_node.mjs --port 9000
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';

const portFlag = process.argv.indexOf('--port');
const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : 9000;

// Los clientes de cada canal: sockets WebSocket y respuestas SSE abiertas.
const websockets = new Map();
const streams = new Map();
let lastEventId = 0;

function join(registry, channel, client) {
  if (!registry.has(channel)) registry.set(channel, new Set());
  registry.get(channel).add(client);
}

function leave(registry, channel, client) {
  registry.get(channel)?.delete(client);
}

// El evento es el cuerpo más channel, sender y timestamp; el texto (y sus bytes)
// se construye una vez por transporte y se envía igual a todos.
function broadcast(channel, body) {
  const event = { ...body, channel, sender: 'api', timestamp: new Date().toISOString() };
  const wsData = Buffer.from(JSON.stringify({ type: 'broadcast', ...event }));
  const sseData = Buffer.from(`id: ${++lastEventId}\nevent: broadcast\ndata: ${JSON.stringify(event)}\n\n`);
  let delivered = 0;
  for (const ws of websockets.get(channel) ?? []) {
    if (ws.readyState !== WebSocket.OPEN) continue;
    ws.send(wsData, { binary: false });
    delivered++;
  }
  for (const res of streams.get(channel) ?? []) {
    res.write(sseData);
    delivered++;
  }
  return delivered;
}

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/sse/events') {
    const channel = url.searchParams.get('channel') ?? 'general';
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    join(streams, channel, res);
    res.on('close', () => leave(streams, channel, res));
    return;
  }
  const prefix = '/sse/broadcast/';
  if (req.method === 'POST' && url.pathname.startsWith(prefix)) {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(res, 400, { error: 'invalid_json' });
      }
      const delivered = broadcast(url.pathname.slice(prefix.length), body);
      reply(res, 200, { status: 'sent', delivered });
    });
    return;
  }
  reply(res, 404, { error: 'not_found' });
});

// WebSocket en /ws: el upgrade lo atiende ws sobre el mismo servidor http.
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname !== '/ws') return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => {
    const channel = url.searchParams.get('channel') ?? 'general';
    join(websockets, channel, ws);
    ws.on('close', () => leave(websockets, channel, ws));
  });
});

server.maxConnections = 20000;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
