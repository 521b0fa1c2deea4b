export * from './live-event';
export * from './event-streams';
export * from './event-publisher';
export * from './event-reader';
export * from './live-event-feed';
