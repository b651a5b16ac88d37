import type { AlertSource, MapOutcome, ParseResult, SourceReply } from '../../alert-source';
import { rawJsonOf, readJsonBody, validatePayload } from '../shared/vendor-json';
import { sha256Hex } from '../shared/vendor-signature';
import { checkGenieKey } from './opsgenie.auth';
import { OPSGENIE, mapOpsgenie } from './opsgenie.mapper';
import {
  OpsgenieCloseAlertDto,
  OpsgenieCreateAlertDto,
  OpsgenieUpdateDescriptionDto,
  OpsgenieUpdateMessageDto,
  OpsgenieWebhookDto,
  isOpsgenieWebhook,
  type OpsgenieRequest,
} from './opsgenie.payload';
import { OPSGENIE_METHODS, opsgenieRouteOf, subPathOf } from './opsgenie.route';
import { mapOpsgenieWebhook } from './opsgenie-webhook.mapper';

export const opsgenieSource: AlertSource<OpsgenieRequest> = {
  name: OPSGENIE,
  // Its clients (Alertmanager's opsgenie_configs above all) retry until their group's next flush;
  // the alias is in the path, so closes of different aliases with the same body are not retries.
  retries: { windowMs: 15 * 60 * 1000 },
  methods: OPSGENIE_METHODS,

  parse(delivery): ParseResult<OpsgenieRequest> {
    const route = opsgenieRouteOf(subPathOf(delivery), delivery.query, delivery.method);
    if (route.operation === 'unsupported') {
      return { ok: false, status: 422, problems: [route.problem] };
    }
    // A ping's body, if any, says nothing; a ping by GET has none.
    if (route.operation === 'heartbeat') {
      return { ok: true, payload: { operation: 'heartbeat', name: route.name } };
    }
    // Alertmanager closes and acknowledges with an empty body; that is a valid request.
    const empty = delivery.rawBody.toString('utf8').trim() === '';
    const bodyless = route.operation === 'close' || route.operation === 'acknowledge';
    const body = bodyless && empty ? { ok: true as const, value: {} } : readJsonBody(delivery);
    if (!body.ok) return body;
    const read = <T extends object, R extends OpsgenieRequest>(
      dto: new () => T,
      request: (payload: T) => R,
    ): ParseResult<OpsgenieRequest> => {
      const valid = validatePayload(dto, body.value);
      return valid.ok ? { ok: true, payload: request(valid.payload) } : valid;
    };
    switch (route.operation) {
      case 'root':
        return isOpsgenieWebhook(body.value)
          ? read(OpsgenieWebhookDto, (b) => ({ operation: 'webhook', body: b }))
          : read(OpsgenieCreateAlertDto, (b) => ({ operation: 'create', body: b }));
      case 'create':
        return read(OpsgenieCreateAlertDto, (b) => ({ operation: 'create', body: b }));
      case 'message':
        return read(OpsgenieUpdateMessageDto, (b) => ({ ...route, operation: 'message', body: b }));
      case 'description':
        return read(OpsgenieUpdateDescriptionDto, (b) => ({
          ...route,
          operation: 'description',
          body: b,
        }));
      case 'close':
      case 'acknowledge': {
        const { operation, alias } = route;
        return read(OpsgenieCloseAlertDto, (b) => ({ operation, alias, body: b }));
      }
    }
  },

  authenticate: (delivery, credentials) => checkGenieKey(delivery, credentials.vendorKey),

  map: (request, delivery): MapOutcome =>
    request.operation === 'webhook'
      ? mapOpsgenieWebhook(request.body, rawJsonOf(delivery), delivery.receivedAt)
      : mapOpsgenie(request, rawJsonOf(delivery), delivery.receivedAt),

  /** Opsgenie answers 202 with a request id (a heartbeat's ping with a PONG); its clients expect that. */
  reply(request, outcome): SourceReply {
    const keys =
      outcome.kind === 'alerts'
        ? outcome.alerts.map((a) => a.dedupKey)
        : Object.values(outcome.detail);
    const digest = sha256Hex(`${request.operation}:${keys.join(',')}`);
    const requestId = [0, 8, 12, 16, 20]
      .map((at, i, all) => digest.slice(at, all[i + 1] ?? 32))
      .join('-');
    const result =
      request.operation === 'heartbeat' ? 'PONG - Heartbeat received' : 'Request will be processed';
    return { status: 202, body: { result, took: 0, requestId } };
  },
};
