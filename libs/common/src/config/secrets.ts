/**
 * What production accepts as a signing secret (DUBAN_JWT_SECRET, DUBAN_FEEDBACK_LINK_SECRET): at
 * least 32 characters that look random, and never a value that is written anywhere in this
 * repository — whoever has read the repository could sign sessions with it.
 */

/** The JWT secret used outside production when `DUBAN_JWT_SECRET` is unset (public: it is here). */
export const DEV_JWT_SECRET = 'duban-development-jwt-secret-do-not-use-in-production';

/**
 * Every secret-like value the repository has ever shipped (development default, the former
 * docker-compose default, the benchmarks' old fixed secret, documentation examples). The security
 * suite (`test/security/auth-config.e2e-spec.ts`) reads docker-compose.yml, .env.example, README.md,
 * docs/ and bench/ and fails when one of them holds a secret value that production would accept.
 */
export const PUBLIC_SECRETS: readonly string[] = [
  DEV_JWT_SECRET,
  'compose-placeholder-secret-CHANGE-ME-0123456789',
  'bench-secret-bench-secret-bench-secret-0123',
  'a-secret-for-the-feedback-link-tests',
  'change-me-to-32-random-characters',
];

export const MIN_SECRET_LENGTH = 32;

/** Words of a placeholder someone forgot to replace. */
const PLACEHOLDER = /change[-_ .]?me|placeholder|do[-_ .]?not[-_ .]?use|replace[-_ .]?me|your[-_ .]?secret|example|development|secret[-_ .]?key/i;

/** Shannon entropy of the string's own characters, in bits for the whole string (a lower bound for a repeated or patterned value). */
export function estimatedEntropyBits(value: string): number {
  const counts = new Map<string, number>();
  const chars = [...value];
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * chars.length;
}

/** Share of neighbouring characters that are equal or consecutive (aaaa, abcd, 1234, 4321). */
function sequentialShare(value: string): number {
  const codes = [...value].map((c) => c.codePointAt(0)!);
  let sequential = 0;
  for (let i = 1; i < codes.length; i++) if (Math.abs(codes[i] - codes[i - 1]) <= 1) sequential++;
  return codes.length > 1 ? sequential / (codes.length - 1) : 1;
}

/** Why `value` may not sign anything in production, or undefined when it may. */
export function secretProblem(value: string): string | undefined {
  if (PUBLIC_SECRETS.some((known) => known.toLowerCase() === value.trim().toLowerCase())) {
    return 'is a value published in the Duban repository (docker-compose.yml, .env.example, README or the development default); generate your own, e.g. `openssl rand -base64 48`';
  }
  if (value.length < MIN_SECRET_LENGTH) return `must be at least ${MIN_SECRET_LENGTH} random characters, e.g. \`openssl rand -base64 48\``;
  if (PLACEHOLDER.test(value)) return 'looks like a placeholder; generate a random one, e.g. `openssl rand -base64 48`';
  const distinct = new Set(value).size;
  // 32 hex digits (`openssl rand -hex 16`, 128 random bits) measure ~115 bits here; a repeated or
  // patterned value far less.
  if (distinct < 12 || estimatedEntropyBits(value) < 96 || sequentialShare(value) > 0.5) {
    return 'is too predictable (too few distinct characters, a repetition or a sequence); generate a random one, e.g. `openssl rand -base64 48`';
  }
  return undefined;
}
