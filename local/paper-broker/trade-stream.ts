import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { tradeUpdateJson } from './alpaca-json';
import type { BrokerEngine } from './engine';

/**
 * Alpaca's trading stream on `/stream` (JSON text frames): `authenticate` → `authorization`,
 * `listen` (streams: ["trade_updates"]) → `listening`, then `trade_updates` messages.
 */
export function attachTradeStream(server: Server, engine: BrokerEngine, credentials: { readonly keyId: string; readonly secretKey: string }): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server, path: '/stream' });
  const listening = new Set<WebSocket>();
  const unsubscribe = engine.onTradeUpdate((update) => {
    const message = JSON.stringify({ stream: 'trade_updates', data: tradeUpdateJson(update) });
    for (const socket of listening) socket.send(message);
  });
  wss.on('connection', (socket) => {
    let authorized = false;
    socket.on('close', () => listening.delete(socket));
    socket.on('message', (raw) => {
      let message: { action?: unknown; data?: { key_id?: unknown; secret_key?: unknown; streams?: unknown } };
      try {
        message = JSON.parse(String(raw)) as typeof message;
      } catch {
        socket.send(JSON.stringify({ stream: 'error', data: { error_message: 'invalid message' } }));
        return;
      }
      if (message.action === 'authenticate' || message.action === 'auth') {
        authorized = message.data?.key_id === credentials.keyId && message.data.secret_key === credentials.secretKey;
        socket.send(JSON.stringify({ stream: 'authorization', data: { status: authorized ? 'authorized' : 'unauthorized', action: 'authenticate' } }));
        if (!authorized) socket.close();
        return;
      }
      if (message.action === 'listen') {
        if (!authorized) {
          socket.send(JSON.stringify({ stream: 'authorization', data: { status: 'unauthorized', action: 'listen' } }));
          return;
        }
        const streams = Array.isArray(message.data?.streams) ? message.data.streams.filter((s): s is string => typeof s === 'string') : [];
        if (streams.includes('trade_updates')) listening.add(socket);
        else listening.delete(socket);
        socket.send(JSON.stringify({ stream: 'listening', data: { streams: streams.filter((s) => s === 'trade_updates') } }));
      }
    });
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const socket of wss.clients) socket.terminate();
        wss.close(() => resolve());
      }),
  };
}
