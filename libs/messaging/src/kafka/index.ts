export * from './cloud-event';
export * from './kafka-topics';
export * from './event-log-forwarder';
export * from './event-log-forwarder.service';
