/**
 * `react-dintero-pay/core`: the framework-free part — schemas, the HTTP client, errors, the state
 * machine, the polling policy, URL guards, phone numbers and resume storage. No React here.
 */
export * from './app';
export * from './errors';
export * from './http';
export * from './machine';
export * from './outcomes';
export * from './pay-request';
export * from './phone';
export * from './phone-format';
export * from './polling-policy';
export * from './resume-storage';
export * from './schemas';
export * from './pay-session';
export * from './url-guards';
