// Health plugin: `GET /healthz` for load balancers and tests: 200 while the server serves.
import fp from 'fastify-plugin';

export interface Health {
  status: 'ok';
  /** Board documents loaded in memory. */
  rooms: number;
  /** Open websocket connections. */
  connections: number;
}

export default fp(
  async function healthPlugin(app) {
    app.get('/healthz', async (): Promise<Health> => ({
      status: 'ok',
      rooms: app.rooms.size,
      connections: app.rooms.connectionCount,
    }));
  },
  { name: 'debrief-health', fastify: '5.x', dependencies: ['debrief-rooms'], encapsulate: true },
);
