// The composition root: DubanApplicationModule (the kernel and every context) and DubanPlatformModule (what every process runs on).
export * from './application.module.js';
export * from './platform.module.js';
