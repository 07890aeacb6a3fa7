import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message a group robot received: the path it was posted to, its query and JSON body. */
export interface RobotPost {
  path: string;
  query: URLSearchParams;
  body: { msgtype?: string; markdown?: { content?: string; title?: string; text?: string } };
}

export interface RobotSink {
  /** `http://127.0.0.1:<port>`: a webhook is `${base}/wecom/<key>` or `${base}/dingtalk/<token>`. */
  base: string;
  posts: RobotPost[];
  /** Answer every post with this errcode (0: accepted). */
  errcode: number;
  /** Verifies DingTalk's sign against this secret when set (errcode 310000 when it is wrong). */
  dingtalkSecret: string | null;
  /** While true the endpoint is "down": every connection is reset before an answer. */
  down: boolean;
  close(): Promise<void>;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
  });

/** A local HTTP server in this process standing in for WeCom's and DingTalk's robot webhooks. */
export async function startRobotSink(verify: (secret: string, timestamp: string) => string): Promise<RobotSink> {
  const posts: RobotPost[] = [];
  const state = { errcode: 0, dingtalkSecret: null as string | null, down: false };
  const server: Server = createServer((req, res) => {
    if (state.down) {
      req.socket.destroy();
      return;
    }
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = JSON.parse(await read(req)) as RobotPost['body'];
      let errcode = state.errcode;
      if (errcode === 0 && url.pathname.startsWith('/dingtalk/') && state.dingtalkSecret) {
        const ts = url.searchParams.get('timestamp') ?? '';
        if (url.searchParams.get('sign') !== decodeURIComponent(verify(state.dingtalkSecret, ts))) errcode = 310000;
      }
      if (errcode === 0) posts.push({ path: url.pathname, query: url.searchParams, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errcode, errmsg: errcode === 0 ? 'ok' : 'refused' }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    get errcode() {
      return state.errcode;
    },
    set errcode(v: number) {
      state.errcode = v;
    },
    get dingtalkSecret() {
      return state.dingtalkSecret;
    },
    set dingtalkSecret(v: string | null) {
      state.dingtalkSecret = v;
    },
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
