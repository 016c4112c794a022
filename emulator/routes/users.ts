// /ping, /users/{me|id}, /pricing (API api/main.py, api/user/router.py, api/payment/router.py).
import { currentUser } from '../auth';
import { HttpError, sendJson } from '../http';
import { PERM, hasRole } from '../model';
import { pricingResponse } from '../pricing';
import type { Router } from '../routing';

const ROLE_NAMES: [number, string][] = [
  [PERM.developer, 'developer'],
  [PERM.free_account, 'free_account'],
  [PERM.unlimited, 'unlimited'],
  [PERM.billing_admin, 'billing_admin'],
  [PERM.unlimited_dev, 'unlimited_dev'],
  [PERM.invoice_billing, 'invoice_billing'],
  [PERM.public_model_deployment, 'public_model_deployment'],
];

export function registerUserRoutes(router: Router): void {
  router.add('GET', '/ping', (ctx) => sendJson(ctx, 200, { message: 'pong' }));

  router.add('GET', '/pricing', (ctx) => sendJson(ctx, 200, pricingResponse()));

  router.add('GET', '/users/{user_id}', async (ctx) => {
    const user = currentUser(ctx, { purpose: 'me' });
    const wanted = ctx.params.user_id;
    if (wanted !== 'me' && wanted !== user.user_id && wanted !== user.username && !hasRole(user, PERM.billing_admin)) {
      // Guess: other users' records need billing-admin, worded like the server's other admin checks.
      throw new HttpError(403, 'This action can only be performed by billing admin accounts.');
    }
    const target = wanted === 'me' ? user : ctx.app.store.state.users.find((u) => u.user_id === wanted || u.username === wanted);
    if (!target) throw new HttpError(404, `User not found: ${wanted}`);
    await sendJson(ctx, 200, {
      username: target.username,
      user_id: target.user_id,
      logo_id: null,
      logo: null,
      created_at: target.created_at,
      hotkey: target.hotkey,
      coldkey: target.coldkey,
      payment_address: target.payment_address,
      permissions_bitmask: target.permissions_bitmask,
      balance: target.balance,
      netuids: target.netuids,
      // Guess: the quota rows of SelfResponse are not emulated.
      quotas: [],
      permissions: ROLE_NAMES.filter(([bit]) => hasRole(target, bit)).map(([, name]) => name),
    });
  });
}
