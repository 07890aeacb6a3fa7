// Similar proposals (相似提案) and routing suggestions (承办单位建议): pure, over jieba segmentation.
export * from './tokenizer.js';
export * from './similarity-index.js';
export * from './routing-suggester.js';
export * from './text-features.js';
export * from './routing-model.js';
export * from './merge-classifier.js';
export * from './subject-concepts.js';
export * from './proposal-asks.js';
