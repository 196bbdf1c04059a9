// Health plugin: `GET /healthz` for load balancers and tests: 200 while the server serves, with
// the sync contract's version (PROTOCOL_VERSION) for whoever checks what it may rely on.
import fp from 'fastify-plugin';
import { PROTOCOL_VERSION } from '../../shared/protocol';

export interface Health {
  status: 'ok';
  /** The sync contract this server keeps (PROTOCOL_VERSION). */
  protocol: number;
  /** Board documents loaded in memory. */
  rooms: number;
  /** Open websocket connections. */
  connections: number;
}

export default fp(
  async function healthPlugin(app) {
    app.get('/healthz', async (): Promise<Health> => ({
      status: 'ok',
      protocol: PROTOCOL_VERSION,
      rooms: app.rooms.size,
      connections: app.rooms.connectionCount,
    }));
  },
  { name: 'debrief-health', fastify: '5.x', dependencies: ['debrief-rooms'], encapsulate: true },
);
