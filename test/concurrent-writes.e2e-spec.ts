import { SitrepModule } from '../apps/sitrep/src/sitrep.module';
import { bootForSuite, TEST_ADMIN_TOKEN } from './support/boot-sitrep';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const WRITERS = 40;

describe('Concurrent writes to one incident over HTTP (all-in-one app, real PostgreSQL)', () => {
  const sitrep = bootForSuite(SitrepModule);

  const declared = async (): Promise<{ id: string; version: number }> => {
    const { body } = await sitrep.http
      .post('/api/v1/incidents')
      .set(admin)
      .send({ title: 'Everyone is typing at once', severity: 'SEV2' })
      .expect(201);
    return body;
  };
  const addNote = (id: string, text: string, headers: Record<string, string> = {}) =>
    sitrep.http.post(`/api/v1/incidents/${id}/notes`).set(admin).set(headers).send({ text });

  it(`${WRITERS} notes at once without If-Match are all recorded, and nobody gets a conflict`, async () => {
    const incident = await declared();

    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => addNote(incident.id, `note ${i}`)),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(WRITERS).fill(201));
    // Each writer got its own version: one append each, none lost or merged.
    const versions = answers.map((a) => a.body.version as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: WRITERS }, (_, i) => incident.version + i + 1));
    const { body } = await sitrep.http
      .get(`/api/v1/incidents/${incident.id}/events`)
      .set(admin)
      .expect(200);
    const notes = body.events.filter((e: { type: string }) => e.type === 'NoteAdded');
    expect(notes).toHaveLength(WRITERS);
    expect(new Set(notes.map((e: { data: { text: string } }) => e.data.text)).size).toBe(WRITERS);
  }, 30_000);

  it('a write with a stale If-Match is still 412, however quiet the incident', async () => {
    const incident = await declared();
    await addNote(incident.id, 'first').expect(201);

    const stale = await addNote(incident.id, 'second', { 'If-Match': `"${incident.version}"` });

    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('INCIDENT.VERSION_MISMATCH');
  });
});
