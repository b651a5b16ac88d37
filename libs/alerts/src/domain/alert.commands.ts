import type { AlertFired, AttachRule } from './alert.events';

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

export type AttachAlertToIncident = {
  readonly type: 'AttachAlertToIncident';
  readonly data: {
    readonly episode: number;
    readonly incidentId: string;
    readonly rule: AttachRule;
    readonly reason: string;
    readonly deliveryId: string;
    readonly attachedAt: string;
  };
};

export type AlertCommand = ReceiveFiringAlert | ReceiveResolvedAlert | AttachAlertToIncident;
