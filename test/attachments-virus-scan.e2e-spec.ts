import { connect } from 'node:net';
import { startApi, type TestApi } from './support/api.js';
import { diskStore, type TestAttachmentStore } from './support/attachment-stores.js';
import { createDirectory, type Directory } from './support/directory.js';
import { EICAR, LETTER_PDF } from './support/files.js';

/** clamd's address: DUBAN_CLAMD_URL of the test's environment, else a local clamd on its usual port. */
const CLAMD_URL = process.env.DUBAN_CLAMD_URL ?? 'tcp://127.0.0.1:3310';

/** Does clamd answer PING with PONG there? */
async function clamdAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || 3310) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('zPING\0'));
    socket.on('data', (d) => done(d.toString('latin1').startsWith('PONG')));
  });
}

const available = await clamdAnswers(CLAMD_URL);
if (!available) console.warn(`attachments-virus-scan: no clamd at ${CLAMD_URL} (set DUBAN_CLAMD_URL): skipped`);

/** With DUBAN_CLAMD_URL set, every upload goes through clamd; an infected file is refused (400 naming the field) and not stored. */
(available ? describe : describe.skip)('attachments scanned by clamd', () => {
  let store: TestAttachmentStore;
  let api: TestApi;
  let dir: Directory;
  let proposalId: string;
  const upload = (data: Buffer, name: string) =>
    api.http.post(`/api/v1/proposals/${proposalId}/attachments`).set('Authorization', `Bearer ${dir.tokens.committee}`).attach('attachment', data, name);

  beforeAll(async () => {
    store = await diskStore();
    api = await startApi('attclam', '2025-01-16T09:00:00+08:00', { env: { ...store.env, DUBAN_CLAMD_URL: CLAMD_URL } });
    dir = await createDirectory(api);
    proposalId = (await api.as(dir.tokens.committee).post('/api/v1/proposals', {
      sessionId: dir.sessionId, title: '关于查毒的提案', content: '内容', leadProposerId: dir.proposerId,
    })).body.id;
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  it('refuses the EICAR test file and stores a clean PDF', async () => {
    // Scanned before its format is judged: refused as infected, not as a text file called .pdf.
    const res = await upload(EICAR, '答复函.pdf');
    expect([res.status, res.body.code, res.body.fields]).toEqual([400, 'attachment_infected', ['attachment']]);
    expect(res.body.message).toMatch(/Eicar/i);
    expect(await store.keys()).toEqual([]);
    expect((await upload(LETTER_PDF, '答复函.pdf')).status).toBe(201);
    expect(await store.keys()).toHaveLength(1);
  });
});
