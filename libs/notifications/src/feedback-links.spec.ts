import { JwtService } from '@nestjs/jwt';
import { FeedbackLinkExpiredError, FeedbackLinkInvalidError, FeedbackLinks } from './feedback-links.js';

const secret = 'a-secret-for-the-feedback-link-tests';
const links = new FeedbackLinks({ secret, publicUrl: 'https://duban.example.gov.cn/' });
const claims = { proposalId: '7d1c5a9e-3f2b-4c61-9a0e-196196196196', proposerId: '5b0e8a53-1d3c-4b8e-9f4e-0c0d0e0f1a2b', round: 1 };
const dueAt = new Date('2024-07-24T15:59:59.999Z');
const expiresAt = FeedbackLinks.expiryFor(dueAt);

describe('FeedbackLinks', () => {
  it('builds the link under the public URL and reads its claims back', () => {
    const url = links.link(claims, expiresAt);
    expect(url).toMatch(/^https:\/\/duban\.example\.gov\.cn\/feedback\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const token = url.split('/').pop()!;
    expect(links.verify(token, new Date('2024-07-01T00:00:00Z'))).toEqual({ ...claims, expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000) });
  });

  it('expires a day after the end of the feedback period, by the clock it is given', () => {
    const token = links.sign(claims, expiresAt);
    expect(() => links.verify(token, new Date('2024-07-25T15:59:00Z'))).not.toThrow();
    expect(() => links.verify(token, new Date('2024-07-25T16:00:00Z'))).toThrow(FeedbackLinkExpiredError);
  });

  it('refuses a forged, altered or foreign token', () => {
    const token = links.sign(claims, expiresAt);
    const [head, body, sig] = token.split('.');
    const now = new Date('2024-07-01T00:00:00Z');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), rnd: 2 })).toString('base64url');
    expect(() => links.verify(`${head}.${altered}.${sig}`, now)).toThrow(FeedbackLinkInvalidError);
    expect(() => links.verify(`${head}.${body}.${sig.slice(0, -2)}xx`, now)).toThrow(FeedbackLinkInvalidError);
    expect(() => links.verify('not-a-token', now)).toThrow(FeedbackLinkInvalidError);
    expect(() => new FeedbackLinks({ secret: 'another-secret', publicUrl: 'x' }).verify(token, now)).toThrow(FeedbackLinkInvalidError);
  });

  it('is not interchangeable with a session token signed with the same secret', () => {
    const sessions = new JwtService({ secret });
    const session = sessions.sign({ sub: claims.proposerId, pid: claims.proposalId, rnd: 1, purpose: 'duban:feedback' });
    expect(() => links.verify(session, new Date('2024-07-01T00:00:00Z'))).toThrow(FeedbackLinkInvalidError);
    expect(() => sessions.verify(links.sign(claims, expiresAt))).toThrow();
  });
});
