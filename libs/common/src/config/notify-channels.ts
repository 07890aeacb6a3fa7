import Joi from 'joi';

/** The channels a notification can go over (issue 15): 邮件, 短信, 企业微信, 钉钉, 站内消息. */
export const CHANNELS = ['email', 'sms', 'wecom', 'dingtalk', 'in_app'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** Who a notification is for, as the channel rules name them. */
export const CHANNEL_AUDIENCES = ['unit', 'unit_head', 'proposer', 'committee', 'supervision', 'supervision_leader'] as const;
export type ChannelAudience = (typeof CHANNEL_AUDIENCES)[number];

/**
 * `DUBAN_NOTIFY_CHANNELS`: per notification type (or `*`) and audience (or `*`), the channels to use,
 * replacing the defaults for that pair, e.g. `{"assignment_notice": {"unit": ["email", "sms"]}}`.
 */
export type ChannelRules = Record<string, Partial<Record<ChannelAudience | '*', ChannelName[]>>>;

/** The Joi schema of the rules once parsed (a JSON string in the environment). */
export const channelRulesSchema = Joi.object()
  .pattern(
    Joi.string().pattern(/^(\*|[a-z_]+)$/),
    Joi.object().pattern(Joi.string().valid(...CHANNEL_AUDIENCES, '*'), Joi.array().items(Joi.string().valid(...CHANNELS)).unique()),
  );
