import type { AlertAttachedToIncident, AlertFired } from './alert.events';

/* Times and ids come in with the command (the pipeline supplies them), so a retry decides the same. */

export type ReceiveFiringAlert = {
  readonly type: 'ReceiveFiringAlert';
  readonly data: Omit<AlertFired['data'], 'episode'>;
};

export type ReceiveResolvedAlert = {
  readonly type: 'ReceiveResolvedAlert';
  readonly data: {
    readonly integrationId: string;
    readonly dedupKey: string;
    readonly endedAt: string;
    readonly deliveryId: string;
    readonly receivedAt: string;
  };
};

/** The event's data without the key: the stream already knows its integration and dedup key. */
export type AttachAlertToIncident = {
  readonly type: 'AttachAlertToIncident';
  readonly data: Omit<AlertAttachedToIncident['data'], 'integrationId' | 'dedupKey'>;
};

export type AlertCommand = ReceiveFiringAlert | ReceiveResolvedAlert | AttachAlertToIncident;
