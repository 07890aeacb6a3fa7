/**
 * Every time rule. The stored deadlines (HTTP contract) are all but 'extension', which is the
 * cap on an approved extension (延期): never past 6 calendar months after assignment.
 */
export const DEADLINE_KINDS = ['reply', 'co_opinion', 'adjustment', 'extension', 'feedback', 'rehandling', 'publication'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
