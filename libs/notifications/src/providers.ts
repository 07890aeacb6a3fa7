import type { Provider } from '@nestjs/common';
import { DubanConfig } from '#common';
import { AppContext, AlertThemes } from '#kernel';
import { GiveFeedback } from '#handling';
import { AnswerCoSigning, CoSigningQueries } from '#intake';
import { CoSigningByLink } from './co-signing-by-link.js';
import { CoSigningLinks } from './co-signing-links.js';
import { ChannelRegistry } from './channels/channel.js';
import { channelRegistry, enabledChannels } from './channels/channel-providers.js';
import { MessageCentre } from './channels/message-centre.js';
import { DeliverNotification } from './deliver-notification.js';
import { FeedbackByLink } from './feedback-by-link.js';
import { FeedbackLinks } from './feedback-links.js';
import { MailTransport } from './mail-transport.js';
import { MaintainNotifications } from './maintain-notifications.js';
import { PlanNotifications } from './plan-notifications.js';
import { NotificationQueue, ResendNotification } from './resend-notification.js';

/** The notification side of the core, built from the configuration (registered by NotificationsModule). */
export const NOTIFICATION_PROVIDERS: Provider[] = [
  {
    provide: FeedbackLinks,
    inject: [DubanConfig],
    useFactory: (config: DubanConfig) => new FeedbackLinks({ secret: config.feedbackLinkSecret, publicUrl: config.publicUrl }),
  },
  {
    provide: CoSigningLinks,
    inject: [DubanConfig],
    useFactory: (config: DubanConfig) => new CoSigningLinks({ secret: config.feedbackLinkSecret, publicUrl: config.publicUrl }),
  },
  {
    provide: MailTransport,
    inject: [DubanConfig],
    useFactory: (config: DubanConfig) => MailTransport.fromConfig({ smtpUrl: config.smtpUrl, mailDir: config.mailDir }),
  },
  {
    provide: PlanNotifications,
    inject: [AppContext, DubanConfig, FeedbackLinks, AlertThemes, CoSigningLinks],
    useFactory: (ctx: AppContext, config: DubanConfig, links: FeedbackLinks, alertThemes: AlertThemes, coSigningLinks: CoSigningLinks) =>
      new PlanNotifications(ctx, {
        publicUrl: config.publicUrl, links, alertThemes, coSigningLinks, channels: { rules: config.notifyChannels, enabled: enabledChannels(config) },
      }),
  },
  { provide: MessageCentre, inject: [AppContext], useFactory: (ctx: AppContext) => new MessageCentre(ctx.ds) },
  { provide: ChannelRegistry, inject: [AppContext, DubanConfig], useFactory: (ctx: AppContext, config: DubanConfig) => channelRegistry(ctx, config) },
  {
    provide: DeliverNotification,
    inject: [AppContext, MailTransport, DubanConfig, ChannelRegistry],
    useFactory: (ctx: AppContext, transport: MailTransport, config: DubanConfig, channels: ChannelRegistry) =>
      new DeliverNotification(ctx, transport, { mailFrom: config.mailFrom }, channels),
  },
  { provide: MaintainNotifications, inject: [AppContext], useFactory: (ctx: AppContext) => new MaintainNotifications(ctx) },
  {
    provide: FeedbackByLink,
    inject: [AppContext, FeedbackLinks, GiveFeedback],
    useFactory: (ctx: AppContext, links: FeedbackLinks, give: GiveFeedback) => new FeedbackByLink(ctx, links, give),
  },
  {
    provide: CoSigningByLink,
    inject: [AppContext, CoSigningLinks, CoSigningQueries, AnswerCoSigning],
    useFactory: (ctx: AppContext, links: CoSigningLinks, queries: CoSigningQueries, answer: AnswerCoSigning) => new CoSigningByLink(ctx, links, queries, answer),
  },
  // The queue port is libs/queue's (DubanQueueModule, global in every process).
  { provide: ResendNotification, inject: [AppContext, NotificationQueue], useFactory: (ctx: AppContext, queue: NotificationQueue) => new ResendNotification(ctx, queue) },
];

export const NOTIFICATION_EXPORTS = [FeedbackLinks, CoSigningLinks, CoSigningByLink, MailTransport, ChannelRegistry, MessageCentre, PlanNotifications, DeliverNotification, MaintainNotifications, FeedbackByLink, ResendNotification];
