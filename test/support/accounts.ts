/** The first admin every test deployment is started with. */
export const ADMIN = { username: 'admin', password: 'admin-password-1' };
