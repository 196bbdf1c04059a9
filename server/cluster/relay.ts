// This instance's link to the others (REDIS_URL): Redis pub/sub for speed, the PostgreSQL log for
// truth. One connection publishes, one subscribes: to the instances channel always, and to each
// loaded document's channel while its room is loaded.
//
// Nothing is lost when Redis is: an update is stored before it is announced, and a room catches up
// from the store whenever it may have missed something —
//   - a gap in a document's numbers (server/cluster/link.ts);
//   - the subscription came back (Redis restarted, the connection dropped): every room catches up,
//     and asks the others for their clients' awareness;
//   - the publishing connection came back: every room announces its head and its clients'
//     awareness, for instances that stayed connected while our announcements were being dropped;
//   - every CATCH_UP_INTERVAL_MS, each room's number is compared with the store's, for an
//     announcement lost with nothing after it.
// Awareness is relayed as it comes and is never stored. Each instance sends a heartbeat every
// INSTANCE_HEARTBEAT_MS; one silent for three of them (or saying goodbye) is gone, and its clients'
// awareness is removed here. While our own subscription is down nobody is timed out: silence
// would say nothing about the others.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { BoardId } from '../../shared/ids';
import { documentKeyId, type SequencedStore } from '../storage/types';
import type { PeerNetwork, PeerRoom, RoomPeers } from '../sync/peers';
import { RoomLink, type LinkRelay } from './link';
import { decodePeerMessage, documentChannel, encodePeerMessage, INSTANCES_CHANNEL, type PeerMessage } from './wire';

/** An instance silent for this many heartbeats is taken for gone. */
const MISSED_HEARTBEATS = 3;
/** How long a room's load waits for its subscription before going ahead (it catches up after). */
const SUBSCRIBE_WAIT_MS = 2_000;
/** How long start-up waits for Redis before serving alone (rooms catch up once it is there). */
const CONNECT_WAIT_MS = 5_000;

/** What the relay reads from the store the instances share. */
export type SharedStore = Pick<SequencedStore, 'loadUpdatesSince' | 'latestSeqs'>;

export interface RelayOptions {
  redisUrl: string;
  store: SharedStore;
  log: FastifyBaseLogger;
  heartbeatMs: number;
  catchUpIntervalMs: number;
}

export class RedisRelay implements PeerNetwork, LinkRelay {
  /** This process's name among the instances (random: a restarted instance is a new one). */
  readonly instance = randomBytes(8).toString('hex');
  readonly store: SharedStore;
  readonly log: FastifyBaseLogger;
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** The link listening on each document channel. */
  private readonly links = new Map<string, RoomLink>();
  /** When each other instance was last heard from. */
  private readonly peers = new Map<string, number>();
  /** When the subscription last came up (0 while it is down). */
  private subscribedSince = 0;
  private markSubscribed!: () => void;
  /** Settles the first time the subscription is up. */
  private readonly firstSubscribed = new Promise<void>((resolve) => (this.markSubscribed = resolve));
  private pubWasReady = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private boardClosed: (boardId: BoardId, code: number, reason: string) => void = () => {};
  private stopping = false;
  private checking = false;

  constructor(private readonly options: RelayOptions) {
    this.store = options.store;
    this.log = options.log.child({ instance: this.instance });
    const common = {
      // A command sent while Redis is away fails at once instead of queueing: a late announcement
      // is worth nothing (the rooms catch up from the store), and a queue would only grow.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      // Reconnect for ever, backing off to one attempt a second.
      retryStrategy: (times: number) => Math.min(50 * times, 1_000),
      lazyConnect: true,
    };
    this.pub = new Redis(options.redisUrl, { ...common, connectionName: `debrief-pub-${this.instance}`, enableAutoPipelining: true });
    // Subscriptions are renewed by us on 'ready' (then every room catches up), not by ioredis.
    this.sub = new Redis(options.redisUrl, { ...common, connectionName: `debrief-sub-${this.instance}`, autoResubscribe: false });
    for (const [name, connection] of [['publish', this.pub], ['subscribe', this.sub]] as const) {
      let reported = false;
      connection.on('error', (error: Error) => {
        // Reported once per outage, not on every reconnection attempt.
        if (!reported) this.log.warn({ connection: name, err: error }, 'Redis connection error');
        reported = true;
      });
      connection.on('ready', () => {
        if (reported) this.log.info({ connection: name }, 'Redis connection is back');
        reported = false;
      });
      connection.on('close', () => {
        if (name === 'subscribe') this.subscribedSince = 0;
      });
    }
    this.sub.on('ready', () => void this.onSubscriberReady());
    this.pub.on('ready', () => this.onPublisherReady());
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message));
  }

  /** Connects both connections (waiting a while for Redis) and starts the heartbeat and the checks. */
  async start(): Promise<void> {
    const connect = (connection: Redis) =>
      connection.connect().catch(() => {
        // ioredis keeps retrying in the background; 'ready' will follow when Redis is there.
      });
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      Promise.all([connect(this.pub), connect(this.sub), this.firstSubscribed]).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CONNECT_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (!waited) this.log.warn('Redis is not reachable yet; serving alone until it is');
    this.timers.push(setInterval(() => this.heartbeat(), this.options.heartbeatMs));
    this.timers.push(setInterval(() => void this.checkStore(), this.options.catchUpIntervalMs));
    for (const timer of this.timers) timer.unref();
    this.log.info('instance joined the relay');
  }

  /** Says goodbye and closes both connections (after every room has closed). */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.publish(INSTANCES_CHANNEL, { kind: 'goodbye', instance: this.instance });
    await Promise.all([this.pub, this.sub].map((c) => (c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect())));
  }

  // --- PeerNetwork ------------------------------------------------------------------------------

  link(room: PeerRoom): RoomPeers {
    return new RoomLink(this, room, documentChannel(room.key));
  }

  announceBoardClosed(boardId: BoardId, code: number, reason: string): void {
    this.publish(INSTANCES_CHANNEL, { kind: 'boardClosed', instance: this.instance, boardId, code, reason });
  }

  onBoardClosed(handler: (boardId: BoardId, code: number, reason: string) => void): void {
    this.boardClosed = handler;
  }

  // --- LinkRelay --------------------------------------------------------------------------------

  async subscribe(channel: string, link: RoomLink): Promise<void> {
    this.links.set(channel, link);
    if (this.sub.status !== 'ready') return; // subscribed, and caught up, when it is
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.sub.subscribe(channel).catch(() => {}),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  unsubscribe(channel: string, link: RoomLink): void {
    // A newer room for the same document may already listen on it.
    if (this.links.get(channel) !== link) return;
    this.links.delete(channel);
    if (this.sub.status === 'ready') this.sub.unsubscribe(channel).catch(() => {});
  }

  publish(channel: string, message: PeerMessage): void {
    if (this.pub.status !== 'ready') return; // the others catch up from the store
    this.pub.publish(channel, encodePeerMessage(message)).catch(() => {});
  }

  // --- events -----------------------------------------------------------------------------------

  private async onSubscriberReady(): Promise<void> {
    try {
      const channels = [INSTANCES_CHANNEL, ...this.links.keys()];
      for (let i = 0; i < channels.length; i += 1000) await this.sub.subscribe(...channels.slice(i, i + 1000));
    } catch (error) {
      this.log.warn({ err: error }, 'could not subscribe; retrying when Redis is back');
      return;
    }
    // We heard nobody while away: nobody is timed out for that.
    const now = Date.now();
    for (const peer of this.peers.keys()) this.peers.set(peer, now);
    this.subscribedSince = now;
    this.markSubscribed();
    // Whatever was announced while we were not listening is in the store.
    for (const link of this.links.values()) {
      void link.catchUp();
      this.publish(link.channel, { kind: 'queryAwareness', instance: this.instance });
    }
  }

  private onPublisherReady(): void {
    this.heartbeat();
    if (this.pubWasReady) {
      // Our announcements were dropped while away; instances that stayed connected learn from this.
      for (const link of this.links.values()) link.announce();
    }
    this.pubWasReady = true;
  }

  private onMessage(channel: string, data: Buffer): void {
    let message: PeerMessage | null;
    try {
      message = decodePeerMessage(data);
    } catch (error) {
      this.log.warn({ channel, error: error instanceof Error ? error.message : String(error) }, 'unreadable message from Redis');
      return;
    }
    if (message === null || message.instance === this.instance) return; // another version, or our own
    const known = this.peers.has(message.instance);
    this.peers.set(message.instance, Date.now());
    if (!known && message.kind !== 'goodbye') this.log.info({ peer: message.instance }, 'another instance is here');
    if (channel === INSTANCES_CHANNEL) {
      switch (message.kind) {
        case 'goodbye':
          this.forget(message.instance, 'said goodbye');
          break;
        case 'boardClosed':
          this.boardClosed(message.boardId, message.code, message.reason);
          break;
        default:
          break; // heartbeat: noted above
      }
      return;
    }
    this.links.get(channel)?.receive(message);
  }

  private heartbeat(): void {
    if (this.stopping) return;
    this.publish(INSTANCES_CHANNEL, { kind: 'heartbeat', instance: this.instance });
    if (this.subscribedSince === 0) return;
    const silentSince = Date.now() - MISSED_HEARTBEATS * this.options.heartbeatMs;
    for (const [peer, lastHeard] of this.peers) {
      if (lastHeard < silentSince && this.subscribedSince < silentSince) this.forget(peer, 'fell silent');
    }
  }

  private forget(peer: string, why: string): void {
    this.peers.delete(peer);
    this.log.info({ peer, why }, 'another instance is gone; removing its clients from presence');
    for (const link of this.links.values()) link.dropInstance(peer);
  }

  /** Compares every loaded room with the store; a room behind catches up. */
  private async checkStore(): Promise<void> {
    if (this.checking || this.links.size === 0) return;
    this.checking = true;
    try {
      const links = [...this.links.values()];
      const latest = await this.store.latestSeqs(links.map((l) => l.room.key));
      for (const link of links) {
        const seq = latest.get(documentKeyId(link.room.key));
        if (seq !== undefined) link.noteExists(seq);
      }
    } catch (error) {
      this.log.warn({ err: error }, 'could not compare rooms with the store');
    } finally {
      this.checking = false;
    }
  }
}
