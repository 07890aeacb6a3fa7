import type { ChannelReceipt, NotificationChannel, OutgoingMessage } from './channel.js';
import { dingtalkBody, signedDingtalkUrl, wecomBody } from './robot-payload.js';

/** A robot: its webhook and, for DingTalk, the signing secret. */
export interface Robot {
  webhook: string;
  secret: string | null;
}

/**
 * Where the units' robots are, by address (`unit:<id>`; none for a unit without one): read at send
 * time, once per batch, so a changed webhook is used at once.
 */
export type RobotLookup = (addresses: readonly string[]) => Promise<Map<string, Robot>>;

/**
 * 企业微信 / 钉钉 group robots: one HTTP POST of JSON per message to the unit's webhook, signed for
 * DingTalk (加签) when the robot has a secret. Both platforms answer 200 with `{"errcode": 0}` when
 * they took the message; any other answer (a non-2xx status, errcode ≠ 0, such as 45009 rate
 * limited or 310000 bad signature) is an error, which the deliverer retries.
 */
export class RobotChannel implements NotificationChannel {
  constructor(
    readonly name: 'wecom' | 'dingtalk',
    private readonly lookup: RobotLookup,
    private readonly settings: { timeoutMs: number; now?: () => number },
  ) {}

  async send(batch: readonly OutgoingMessage[]): Promise<Array<ChannelReceipt | { id: string; error: Error }>> {
    const robots = await this.lookup([...new Set(batch.map((m) => m.address))]);
    // Side by side: each POST waits on the platform, not on this process.
    return Promise.all(
      batch.map(async (m) => {
        try {
          return { id: m.id, providerIds: await this.post(m, robots.get(m.address)) };
        } catch (e) {
          return { id: m.id, error: e as Error };
        }
      }),
    );
  }

  private async post(m: OutgoingMessage, robot: Robot | undefined): Promise<string[]> {
    if (!robot) throw new Error(`${m.address} has no ${this.name} robot webhook`);
    const url = this.name === 'dingtalk' ? signedDingtalkUrl(robot.webhook, robot.secret, (this.settings.now ?? Date.now)()) : robot.webhook;
    const body = this.name === 'dingtalk' ? dingtalkBody(m.subject, m.text) : wecomBody(m.text);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    const answer = (await res.json().catch(() => null)) as { errcode?: number; errmsg?: string } | null;
    if (!res.ok) throw new Error(`${this.name} robot answered HTTP ${res.status}`);
    if (!answer || answer.errcode !== 0) throw new Error(`${this.name} robot refused: errcode ${answer?.errcode ?? '?'} ${answer?.errmsg ?? ''}`.trim());
    return [];
  }
}
