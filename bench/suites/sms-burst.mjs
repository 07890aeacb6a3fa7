// sms-burst: the burst (burst.mjs) with every reminder also sent by SMS over SMPP.
import { run as burst } from './burst.mjs';

export const run = ({ quick }) => burst({ quick, sms: true });
