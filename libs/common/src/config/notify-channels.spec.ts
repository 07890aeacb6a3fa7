import { DubanConfigError, validateDubanEnv } from './env.schema.js';

describe('the channel settings', () => {
  it('parses DUBAN_NOTIFY_CHANNELS from JSON and takes the SMS and robot defaults', () => {
    const env = validateDubanEnv({ DUBAN_NOTIFY_CHANNELS: '{"assignment_notice": {"unit": ["email", "sms"]}, "*": {"*": ["email"]}}' });
    expect(env.DUBAN_NOTIFY_CHANNELS).toEqual({ assignment_notice: { unit: ['email', 'sms'] }, '*': { '*': ['email'] } });
    expect(env).toMatchObject({ DUBAN_SMS_SOURCE: '10690000', DUBAN_SMS_ATTEMPTS: 5, DUBAN_ROBOT_ATTEMPTS: 5, DUBAN_ROBOT_TIMEOUT_MS: 10_000 });
    expect(env.SMPP_URL).toBeUndefined();
  });

  it.each([
    ['not JSON', '{assignment_notice', /must be JSON/],
    ['an unknown channel', '{"reminder": {"unit": ["fax"]}}', /channels: email, sms, wecom, dingtalk, in_app/],
    ['an unknown audience', '{"reminder": {"mayor": ["sms"]}}', /mayor/],
  ])('refuses %s, naming the variable', (_, value, message) => {
    let error: unknown;
    try {
      validateDubanEnv({ DUBAN_NOTIFY_CHANNELS: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DubanConfigError);
    expect((error as DubanConfigError).variables).toEqual(['DUBAN_NOTIFY_CHANNELS']);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses an SMPP_URL of another scheme, naming it', () => {
    expect(() => validateDubanEnv({ SMPP_URL: 'http://smsc:2775' })).toThrow(/SMPP_URL/);
    expect(validateDubanEnv({ SMPP_URL: 'smpp://duban:pw@smsc.example.gov.cn:2775' }).SMPP_URL).toBe('smpp://duban:pw@smsc.example.gov.cn:2775');
  });
});
