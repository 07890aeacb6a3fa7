import { createHash } from 'node:crypto';
import { AttachmentFiles, PublicQueries, createAttachmentStorage, noVirusScanner } from '#handling';
import { DemoSeeder } from '../apps/standalone/src/demo/seed-demo.js';
import { RulesProvider, loadIntakeRules } from '#kernel';
import { createDataSource, runMigrations } from '#persistence';
import type { DataSource } from 'typeorm';
import { diskStore, type TestAttachmentStore } from './support/attachment-stores.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { LETTER_PDF } from './support/files.js';

/** The demo with an attachment store (as `npm run seed:demo` runs it): No. 196's reply carries its signed letter. */
describe('demo data with attachments', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: TestAttachmentStore;

  beforeAll(async () => {
    db = await createTestDatabase('demoatt');
    ds = createDataSource({ url: db.url });
    await ds.initialize();
    await runMigrations(ds);
    store = await diskStore();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    await store?.close();
  });

  it('attaches the letter PDF to No. 196\'s reply, and the public page links it', async () => {
    const files = new AttachmentFiles(createAttachmentStorage({ kind: 'disk', dir: store.env.DUBAN_ATTACHMENT_DIR! }), noVirusScanner);
    expect((await new DemoSeeder(ds, RulesProvider.fromFile('config/rules.json'), loadIntakeRules(), files).seed()).seeded).toBe(true);
    const letters: Array<{ id: string; proposal_id: string; sha256: string; filename: string; number: number }> = await ds.query(
      `SELECT a.id, a.proposal_id, a.sha256, a.filename, p.number FROM attachments a JOIN proposals p ON p.id = a.proposal_id WHERE a.purpose = 'letter'`,
    );
    expect(letters).toMatchObject([{ number: 196, filename: '关于市政协十届二次会议第196号提案的答复.pdf', sha256: createHash('sha256').update(LETTER_PDF).digest('hex') }]);
    expect(await store.keys()).toEqual([`${letters[0]!.proposal_id}/${letters[0]!.id}`]);
    const published = await new PublicQueries(ds).get(letters[0]!.proposal_id);
    expect(published!.replies[0]!.letter).toMatchObject({ id: letters[0]!.id, sizeBytes: LETTER_PDF.length });
  });
});
