// A sink (SMTP, SMPP) served by a child process of the bench, so that its CPU is not Duban's: the
// child answers `ready` with its port, then each request `{ type, id }` with a message of that id.
import { fork } from 'node:child_process';

/** Forks `modulePath --serve`; `ask(type)` sends a request and resolves with the child's answer. */
export async function forkSink(modulePath, name) {
  const child = fork(modulePath, ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let seq = 0;
  const waiting = new Map();
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (msg) => {
      if (msg.type === 'ready') resolve(msg.port);
      else if (msg.type === 'error') console.error(`${name}: ${msg.message}`);
      else waiting.get(msg.id)?.(msg);
    });
  });
  const ask = (type) =>
    new Promise((resolve) => {
      const id = ++seq;
      waiting.set(id, (m) => {
        waiting.delete(id);
        resolve(m);
      });
      child.send({ type, id });
    });
  const close = (killAfterMs) =>
    new Promise((resolve) => {
      child.once('exit', resolve);
      child.send({ type: 'close' });
      setTimeout(() => (child.kill('SIGKILL'), resolve()), killAfterMs).unref();
    });
  return { child, port, ask, close };
}
