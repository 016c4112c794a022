// The management API's route table, in the server's registration order: it decides which route wins for
// paths that several patterns match (chute names may contain "/"). Collection roots answer with and
// without the trailing slash (the server redirects one form to the other with a 307).
import { Router } from '../routing';
import { createApiKey, deleteApiKey, getApiKey, listApiKeys } from './apiKeys';
import { deleteChute, getChute, getChuteCode, listChutes, shareChute, unshareChute, updateChute } from './chutes';
import { deployChute } from './deploy';
import { chuteEvidence, e2eInstances, singleInstanceEvidence } from './evidence';
import { buildImage, deleteImage, getImage, listImages, streamBuildLogs } from './images';
import { streamInstanceLogs } from './instances';
import { createSecret, deleteSecret, getSecret, listSecrets } from './secrets';
import { registerUserRoutes } from './users';
import { pckCrl, qeIdentity, rootCaCrl, tcbInfo, teeMeasurements } from './tee';
import { warmupChute } from './warmup';

export function apiRouter(): Router {
  const router = new Router();
  registerUserRoutes(router);
  router
    .add('POST', '/chutes/share', shareChute)
    .add('POST', '/chutes/unshare', unshareChute)
    .add('GET', '/chutes/', listChutes)
    .add('GET', '/chutes', listChutes)
    .add('GET', '/chutes/code/{chute}', getChuteCode)
    .add('GET', '/chutes/warmup/{chute:path}', warmupChute)
    .add('GET', '/chutes/{chute:path}/evidence', chuteEvidence)
    .add('GET', '/chutes/{chute:path}', getChute)
    .add('DELETE', '/chutes/{chute}', deleteChute)
    .add('POST', '/chutes/', deployChute)
    .add('POST', '/chutes', deployChute)
    .add('PUT', '/chutes/{chute:path}', updateChute)
    .add('GET', '/images/{image_id}/logs', streamBuildLogs)
    .add('GET', '/images/', listImages)
    .add('GET', '/images', listImages)
    .add('GET', '/images/{image:path}', getImage)
    .add('DELETE', '/images/{image:path}', deleteImage)
    .add('POST', '/images/', buildImage)
    .add('POST', '/images', buildImage)
    .add('GET', '/instances/{instance_id}/logs', streamInstanceLogs)
    .add('GET', '/instances/{instance_id}/evidence', singleInstanceEvidence)
    .add('GET', '/api_keys/', listApiKeys)
    .add('GET', '/api_keys', listApiKeys)
    .add('GET', '/api_keys/{api_key_id}', getApiKey)
    .add('DELETE', '/api_keys/{api_key_id}', deleteApiKey)
    .add('POST', '/api_keys/', createApiKey)
    .add('POST', '/api_keys', createApiKey)
    .add('GET', '/secrets/', listSecrets)
    .add('GET', '/secrets', listSecrets)
    .add('GET', '/secrets/{secret_id}', getSecret)
    .add('DELETE', '/secrets/{secret_id}', deleteSecret)
    .add('POST', '/secrets/', createSecret)
    .add('POST', '/secrets', createSecret)
    .add('GET', '/e2e/instances/{chute_id}', e2eInstances)
    .add('GET', '/servers/tee/measurements', teeMeasurements)
    .add('GET', '/sgx/certification/v4/pckcrl', pckCrl)
    .add('GET', '/sgx/certification/v4/rootcacrl', rootCaCrl)
    .add('GET', '/tdx/certification/v4/tcb', tcbInfo)
    .add('GET', '/tdx/certification/v4/qe/identity', qeIdentity);
  return router;
}
