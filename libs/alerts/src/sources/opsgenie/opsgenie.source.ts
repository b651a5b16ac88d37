import type { AlertSource, MapOutcome, ParseResult, SourceReply } from '../../alert-source';
import { rawJsonOf, readJsonBody, validatePayload } from '../shared/vendor-json';
import { sha256Hex } from '../shared/vendor-signature';
import { checkGenieKey } from './opsgenie.auth';
import { OPSGENIE, mapOpsgenie } from './opsgenie.mapper';
import {
  OpsgenieCloseAlertDto,
  OpsgenieCreateAlertDto,
  type OpsgenieRequest,
} from './opsgenie.payload';
import { opsgenieRouteOf, subPathOf } from './opsgenie.route';

export const opsgenieSource: AlertSource<OpsgenieRequest> = {
  name: OPSGENIE,
  // Its clients (Alertmanager's opsgenie_configs above all) retry until their group's next flush;
  // the alias is in the path, so closes of different aliases with the same body are not retries.
  retries: { windowMs: 15 * 60 * 1000 },

  parse(delivery): ParseResult<OpsgenieRequest> {
    const route = opsgenieRouteOf(subPathOf(delivery), delivery.query);
    if (route.operation === 'unsupported') {
      return { ok: false, status: 422, problems: [route.problem] };
    }
    // Alertmanager closes with an empty body; an empty close body is a valid request.
    const empty = delivery.rawBody.toString('utf8').trim() === '';
    const body =
      route.operation === 'close' && empty
        ? { ok: true as const, value: {} }
        : readJsonBody(delivery);
    if (!body.ok) return body;
    if (route.operation === 'create') {
      const create = validatePayload(OpsgenieCreateAlertDto, body.value);
      return create.ok
        ? { ok: true, payload: { operation: 'create', body: create.payload } }
        : create;
    }
    const close = validatePayload(OpsgenieCloseAlertDto, body.value);
    return close.ok
      ? { ok: true, payload: { operation: 'close', alias: route.alias, body: close.payload } }
      : close;
  },

  authenticate: (delivery, credentials) => checkGenieKey(delivery, credentials.vendorKey),

  map: (request, delivery): MapOutcome => ({
    kind: 'alerts',
    alerts: mapOpsgenie(request, rawJsonOf(delivery), delivery.receivedAt),
  }),

  /** Opsgenie answers 202 with a request id; its clients expect that shape. */
  reply(request, outcome): SourceReply {
    const keys = outcome.kind === 'alerts' ? outcome.alerts.map((a) => a.dedupKey) : [];
    const digest = sha256Hex(`${request.operation}:${keys.join(',')}`);
    const requestId = [0, 8, 12, 16, 20]
      .map((at, i, all) => digest.slice(at, all[i + 1] ?? 32))
      .join('-');
    return { status: 202, body: { result: 'Request will be processed', took: 0, requestId } };
  },
};
