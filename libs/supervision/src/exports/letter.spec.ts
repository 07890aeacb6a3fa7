import { LETTER_CSP, LETTER_CSS, letterParts, renderLetterHtml, type LetterData } from './letter.js';

const base: LetterData = {
  sessionName: '市政协十届二次会议', npc: false, proposalNumber: 196, proposalTitle: '以营商环境为主线强力推进我市数字政府建设',
  addressee: '陈刚正委员', unitName: '市行政审批和政务信息管理局', content: '', resultCategory: 'A', resultLabel: '所提问题已经解决或基本解决',
  signedBy: '张局长', contactName: '王', contactPhone: '2580162', repliedOn: '2024-06-26', cc: ['市政协提案委员会', '市政府督查室'], titlePrefix: '关于',
};

describe('reply letter', () => {
  it('keeps a letter written whole, as the seed is: its heading, addressee and date line', () => {
    const parts = letterParts({ ...base, content: '对市政协十届二次会议\n\n第196号提案的答复\n\n陈刚正委员:\n\n您提出的提案收悉。\n\n一、关于…\n\n2024年6月26日' });
    expect(parts).toEqual({ title: ['对市政协十届二次会议', '第196号提案的答复'], greeting: '陈刚正委员：', body: ['您提出的提案收悉。', '一、关于…'], date: '2024年6月26日' });
  });

  it('supplies 关于…第×号提案的答复, the addressee and the date to a bare reply; 建议 for an NPC suggestion', () => {
    expect(letterParts({ ...base, content: '经研究，答复如下。\n感谢关心。' })).toEqual({
      title: ['关于市政协十届二次会议', '第196号提案的答复'], greeting: '陈刚正委员：', body: ['经研究，答复如下。', '感谢关心。'], date: '2024年6月26日',
    });
    expect(letterParts({ ...base, npc: true, sessionName: '市十一届人大三次会议', proposalNumber: 12, addressee: '孙志强代表', content: '答复。' }).title)
      .toEqual(['关于市十一届人大三次会议', '第12号建议的答复']);
    expect(letterParts({ ...base, content: '关于市政协十届二次会议第196号提案的答复\n\n正文' }).title).toEqual(['关于市政协十届二次会议第196号提案的答复']);
  });

  it('escapes what the unit wrote and runs no script; its one stylesheet is allowed by hash', () => {
    const html = renderLetterHtml({ ...base, content: '<script>alert(1)</script>', signedBy: '<b>x</b>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('签发人：&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain(`<style>${LETTER_CSS}</style>`);
    expect(LETTER_CSP).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
  });
});
