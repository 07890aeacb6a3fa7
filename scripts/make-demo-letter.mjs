// Prints No. 196's reply letter (答复函) to config/demo/no196-reply-letter.pdf, the PDF the demo
// attaches to the reply as its signed letter: the letter Duban itself prints (renderLetterHtml),
// through Chromium (playwright-core, DUBAN_CHROMIUM_PATH). Run after `npm run build`:
//   node scripts/make-demo-letter.mjs
import { writeFileSync } from 'node:fs';
import { demoData } from '../dist/apps/standalone/src/demo/demo-data.js';
import { renderLetterHtml } from '../dist/libs/supervision/src/exports/letter.js';
import { PdfRenderer } from '../dist/libs/supervision/src/exports/pdf.js';

const p196 = demoData.proposals.find((p) => p.record?.reply);
const r = p196.record.reply;
const html = renderLetterHtml({
  sessionName: '市政协十届二次会议',
  npc: false,
  proposalNumber: 196,
  proposalTitle: p196.title ?? '',
  addressee: '陈刚正委员',
  unitName: '市行政审批和政务信息管理局',
  content: r.content,
  resultCategory: r.resultCategory,
  resultLabel: '所提问题已经解决或基本解决',
  signedBy: r.signedBy,
  contactName: r.contactName,
  contactPhone: r.contactPhone,
  repliedOn: r.date,
  cc: ['市政府督查室'],
  titlePrefix: '关于',
});
const renderer = new PdfRenderer();
try {
  const pdf = await renderer.render(html);
  writeFileSync(new URL('../config/demo/no196-reply-letter.pdf', import.meta.url), pdf);
  console.log(`config/demo/no196-reply-letter.pdf: ${pdf.length} bytes`);
} finally {
  await renderer.close?.();
}
