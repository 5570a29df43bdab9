// Login sessions: JSESSIONID cookie → user, with the session key every call must repeat. Sessions end on
// logout, after `timeoutMs` without use, or when the simulator is told to expire them all.
import type { SeededRandom } from './random.js';

export interface Session {
  id: string;
  sessionKey: string;
  userId: string;
  lastUsed: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly random: SeededRandom,
    readonly timeoutMs: number,
  ) {}

  create(userId: string, now: number): Session {
    const session: Session = {
      id: `node0${this.random.bytes(12).toString('hex')}`,
      sessionKey: this.random.token(20),
      userId,
      lastUsed: now,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, refreshed; an expired one is removed. */
  use(id: string | undefined, now: number): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (now - session.lastUsed > this.timeoutMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastUsed = now;
    return session;
  }

  remove(id: string): void {
    this.sessions.delete(id);
  }

  removeAll(): void {
    this.sessions.clear();
  }

  get size(): number {
    return this.sessions.size;
  }
}
