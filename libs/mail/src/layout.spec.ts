import { renderDocument, splitParagraphs } from './layout.js';
import { NO196_REPLY_CONTENT, visibleText } from './no196.fixture.js';

describe('splitParagraphs', () => {
  it('splits the seed reply into its paragraphs and drops the blank and no-break-space lines', () => {
    const ps = splitParagraphs(NO196_REPLY_CONTENT);
    expect(ps.slice(0, 4)).toEqual([
      '对市政协十届二次会议',
      '第196号提案的答复',
      '陈刚正委员:',
      '您提出的关于“以营商环境为主线强力推进我市数字政府建设”的提案收悉。现答复如下:',
    ]);
    expect(ps[ps.length - 1]).toBe('2024年6月26日');
    expect(ps[ps.length - 2]).toMatch(/^\(五\)推动豫事办可办件上线量。/);
    expect(ps).toHaveLength(21); // heading (2), salutation, opening, five sections with their paragraphs (16), date
    expect(ps.every((p) => p.trim() === p && p !== '')).toBe(true);
  });

  it('treats every line as a paragraph when there are no blank lines', () => {
    expect(splitParagraphs('第一段\r\n第二段\n')).toEqual(['第一段', '第二段']);
  });

  it('keeps single line breaks inside a paragraph when blank lines separate paragraphs', () => {
    expect(splitParagraphs('甲\n乙\n\n丙')).toEqual(['甲\n乙', '丙']);
  });
});

describe('renderDocument', () => {
  const mail = renderDocument({
    subject: '【测试】第一行\r\n第二行',
    heading: '测试<b>',
    greeting: '某单位 & <i>',
    blocks: [
      { type: 'paragraph', text: '段落<script>alert(1)</script>\n换行' },
      { type: 'facts', rows: [{ label: '链接', value: '"点我"', href: 'javascript:alert(1)' }, { label: '网址', value: 'x', href: 'http://a.test/?a=1&b="2"' }] },
      { type: 'notice', tone: 'danger', text: "it's <u>" },
      { type: 'action', label: '打开', url: 'http://a.test/p?x=<y>' },
      { type: 'table', columns: ['名称', '值'], rows: [[{ text: '<td>' }, { text: '1' }]] },
      { type: 'letter', content: '标题<\n\n正文>' },
      { type: 'lines', lines: ['抄送：<甲>'] },
    ],
    signature: ['督办系统', '2024年6月26日'],
    footer: '脚注<>',
  });

  it('keeps the subject on one line', () => {
    expect(mail.subject).toBe('【测试】第一行 第二行');
  });

  it('escapes every inserted value', () => {
    for (const raw of ['<script>', '<b>', '<i>', '<u>', '<td>', '<y>', '<甲>', '"点我"', "it's", '标题<', '正文>', '脚注<>']) {
      expect(mail.html).not.toContain(raw);
    }
    expect(mail.html).toContain('段落&lt;script&gt;alert(1)&lt;/script&gt;<br>换行');
    expect(mail.html).toContain('href="http://a.test/?a=1&amp;b=&quot;2&quot;"');
  });

  it('never makes a link of a non-web URL', () => {
    expect(mail.html).not.toContain('javascript:alert(1)"');
    expect(mail.html).not.toMatch(/href="javascript/i);
  });

  it('is self-contained: no scripts, images, stylesheets or external resources', () => {
    expect(mail.html).not.toMatch(/<(script|img|link|style|iframe|object)\b/i);
    expect(mail.html).not.toMatch(/\bsrc=/i);
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).toContain('<meta charset="utf-8">');
  });

  it('shows the same content in text and HTML', () => {
    const visible = visibleText(mail.html);
    for (const s of ['测试<b>', '某单位 & <i>：', '段落<script>alert(1)</script>', '"点我"', "it's <u>", 'http://a.test/p?x=<y>', '标题<', '正文>', '抄送：<甲>', '督办系统', '2024年6月26日', '脚注<>']) {
      expect(mail.text).toContain(s);
      expect(visible).toContain(s);
    }
  });
});
