export * from './attachments.js';
export * from './storage.js';
export * from './sniff.js';
export * from './virus-scan.js';
