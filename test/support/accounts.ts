/** The first admin every test deployment is started with. */
export const ADMIN = { username: 'admin', password: 'Keeper-of-keys-2031' };
