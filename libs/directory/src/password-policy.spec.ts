import { passwordProblem } from './password-policy.js';

describe('password policy (密码规则)', () => {
  it.each([
    // password, username, refused because
    ['short-pw-1', 'tianwei', /at least 12 characters/],
    ['aaaaaaaaaaaa', 'tianwei', /one character repeated/],
    ['888888888888', 'tianwei', /one character repeated/],
    ['1234567890ab', 'tianwei', /too easy to guess/],
    ['qwertyuiop12', 'tianwei', /too easy to guess/],
    ['password1234', 'tianwei', /too easy to guess/],
    ['aaaaaaaaaaab', 'tianwei', /too easy to guess/],
    ['admin-password-1', 'admin', /built from the username/],
    ['Admin2024Admin', 'admin', /built from the username/],
    ['nimda-secure-77', 'admin', /built from the username/],
    ['tian-wei-2024-xyz', 'tianwei', /built from the username/],
    ['TIANWEI@gov-2024', 'tianwei', /built from the username/],
  ])('refuses %j for %s', async (password, username, why) => {
    expect(await passwordProblem(password, username)).toMatch(why);
  });

  it.each([
    ['demo-tiweihui-2024', 'tianwei'],
    ['password-for-tests', 'tianwei'],
    ['Keeper-of-keys-2031', 'admin'],
    ['correct horse battery staple', 'chengangzheng'],
    ['湖边的柳树发芽了-2024', 'xzsp'],
  ])('accepts %j for %s', async (password, username) => {
    expect(await passwordProblem(password, username)).toBeNull();
  });
});
