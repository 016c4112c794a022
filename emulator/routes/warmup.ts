// GET /chutes/warmup/{chute_id_or_name} (API api/chute/router.py warm_up_chute): `cold` events until an
// instance comes up, then one `hot` event. In the emulator a miner "arrives" after a few cold rounds and
// the instance stays, so the chute is hot from then on.
import { currentUser } from '../auth';
import { makeInstance } from '../fleet';
import { HttpError, type Ctx } from '../http';
import { isHot } from '../model';
import { pyFloat } from '../pyfmt';
import { EventStream } from '../sse';

const NOT_YOURS = 'Chute not found, or does not belong to you';
// Literal strings in the server (not JSON-serialised), hence the spaces after the colons.
const COLD = 'data: {"status": "cold", "log": "waiting for instances ..."}\n\n';
const hot = (n: number) => `data: {"status": "hot", "log": "chute is hot, ${n} instances available"}\n\n`;

export async function warmupChute(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'chutes' });
  const { store, settings } = ctx.app;
  const wanted = ctx.params.chute.toLowerCase();
  const candidates = store.state.chutes.filter((c) => c.name.toLowerCase() === wanted || c.chute_id === ctx.params.chute);
  const chute = candidates.find((c) => c.user_id === user.user_id) ?? candidates[0];
  if (!chute || !store.canSee(chute, user)) throw new HttpError(404, NOT_YOURS);
  if (chute.disabled) throw new HttpError(503, 'This chute is currently disabled.');
  if (user.balance <= 0) {
    throw new HttpError(402, `Account balance is $${pyFloat(user.balance)}, please top-up with fiat or send tao to ${user.payment_address}`);
  }
  const stream = new EventStream(ctx, {});
  for (let round = 0; !isHot(chute) && stream.open; round++) {
    if (round >= settings.warmupColdEvents) {
      chute.instances.push(makeInstance(chute.chute_id, chute.instances.length, Date.now(), chute.tee));
      store.save();
      break;
    }
    if (!(await stream.write(COLD))) return;
    await stream.pause(settings.warmupStepMs);
  }
  await stream.write(hot(chute.instances.filter((i) => i.active && i.verified).length));
  stream.end();
}
