import { createHmac } from 'node:crypto';

/** What a group robot posts: the markdown both platforms accept (WeCom caps it at 4096 bytes). */
export const ROBOT_TEXT_LIMIT = 1500;

/** A robot message's markdown: the subject in bold, the opening of the mail text, the link. */
export function robotMarkdown(subject: string, text: string, url: string | null): string {
  const body = text.length > ROBOT_TEXT_LIMIT ? `${text.slice(0, ROBOT_TEXT_LIMIT)}…` : text;
  return `**${subject}**\n\n${body}${url ? `\n\n[查看详情](${url})` : ''}`;
}

/** 企业微信群机器人: `{"msgtype":"markdown","markdown":{"content":…}}`. */
export function wecomBody(markdown: string): Record<string, unknown> {
  return { msgtype: 'markdown', markdown: { content: markdown } };
}

/** 钉钉群机器人: `{"msgtype":"markdown","markdown":{"title":…,"text":…}}`. */
export function dingtalkBody(subject: string, markdown: string): Record<string, unknown> {
  return { msgtype: 'markdown', markdown: { title: subject, text: markdown } };
}

/**
 * 钉钉加签: `sign` = urlencode(base64(HMAC-SHA256(key = secret, `${timestamp}\n${secret}`))), sent
 * with `timestamp` (ms) as query parameters of the webhook; DingTalk refuses a timestamp more than
 * an hour off.
 */
export function dingtalkSign(secret: string, timestamp: number): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
}

/** The webhook URL to post to: DingTalk's with `timestamp` and `sign` when the robot has a secret. */
export function signedDingtalkUrl(webhook: string, secret: string | null, timestamp: number): string {
  if (!secret) return webhook;
  return `${webhook}${webhook.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${dingtalkSign(secret, timestamp)}`;
}
