// Response models: UserResponse, ImageResponse, ChuteResponse (api/*/response.py).
import { computeMultiplier, supportedGpus } from './gpu';
import { isHot, type ChuteRec, type ImageRec, type UserRec } from './model';
import { currentEstimatedPrice, effectiveMultiplier } from './pricing';
import type { Store } from './store';

export const userResponse = (u: UserRec) => ({ username: u.username, user_id: u.user_id, logo_id: null, created_at: u.created_at, logo: null });

export function imageResponse(store: Store, img: ImageRec) {
  const owner = store.userById(img.user_id);
  return {
    image_id: img.image_id,
    name: img.name,
    readme: img.readme,
    tag: img.tag,
    public: img.public,
    status: img.status,
    created_at: img.created_at,
    build_started_at: img.build_started_at,
    build_completed_at: img.build_completed_at,
    user: owner ? userResponse(owner) : null,
    logo_id: img.logo_id,
    patch_version: img.patch_version,
    chutes_version: img.chutes_version,
    logo: null,
  };
}

/**
 * `enriched` is what GET routes add on top of the ORM row (_inject_current_estimated_price and
 * _inject_effective_compute_multiplier); deploy and update return the plain row.
 */
export function chuteResponse(store: Store, chute: ChuteRec, enriched: boolean) {
  const owner = store.userById(chute.user_id);
  const image = store.imageById(chute.image_id);
  const platformId = store.userByName('chutes')?.user_id;
  const gpus = supportedGpus(chute.node_selector);
  const nodeSelector = enriched
    ? { ...chute.node_selector, compute_multiplier: computeMultiplier(chute.node_selector) ?? null, supported_gpus: gpus }
    : { ...chute.node_selector };
  const extras = enriched
    ? { current_estimated_price: currentEstimatedPrice(chute, platformId), ...effectiveMultiplier(chute, platformId) }
    : { current_estimated_price: null, effective_compute_multiplier: null, compute_multiplier_factors: null, bounty: null };
  return {
    chute_id: chute.chute_id,
    name: chute.name,
    tagline: chute.tagline,
    readme: chute.readme,
    public: chute.public,
    version: chute.version,
    tool_description: chute.tool_description,
    slug: chute.slug,
    standard_template: chute.standard_template,
    cords: chute.cords as unknown[] | null,
    jobs: chute.jobs,
    cord_ref_id: null as string | null,
    created_at: chute.created_at,
    updated_at: chute.updated_at,
    image: image ? imageResponse(store, image) : null,
    user: owner ? userResponse(owner) : null,
    supported_gpus: gpus,
    node_selector: nodeSelector,
    invocation_count: chute.invocation_count,
    instances: chute.instances.map((i) => ({
      instance_id: i.instance_id,
      region: i.region,
      active: i.active,
      verified: i.verified,
      last_verified_at: i.last_verified_at,
    })),
    logo_id: chute.logo_id,
    logo: null,
    openrouter: false,
    chutes_version: chute.chutes_version,
    revision: chute.revision,
    concurrency: chute.concurrency,
    boost: null,
    max_instances: chute.max_instances,
    scaling_threshold: chute.scaling_threshold,
    shutdown_after_seconds: chute.shutdown_after_seconds,
    preemptible: chute.public,
    allow_external_egress: chute.allow_external_egress,
    tee: chute.tee,
    ...extras,
    hot: isHot(chute),
  };
}
