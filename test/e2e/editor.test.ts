import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { selectors } from './selectors';
import { openWorkbench, quickOpen, screenshot, step, type Workbench } from './workbench';

let workbench: Workbench;

before(async () => {
  // No Build/Deploy CodeLens: its line above the chute would move the squiggle after it is measured.
  workbench = await openWorkbench({ 'chutes.codeLens.enabled': false });
});

after(async () => {
  await workbench?.close();
});

/** Editor text as shown (the view renders spaces as non-breaking spaces). */
async function editorText(): Promise<string> {
  return (await workbench.page.locator(selectors.editorLines).first().innerText()).replace(/\u00a0/g, ' ');
}

test('a guide-style NodeSelector(min_vram_gb=80) is flagged, explained on hover and fixed with Ctrl+.', () =>
  step(workbench.page, 'editor-quick-fix', async () => {
    const { page } = workbench;
    await quickOpen(page, 'miner_selector.py');
    await page.locator(selectors.editorLines).filter({ hasText: 'min_vram_gb=80' }).waitFor({ timeout: 15_000 });

    // Opening a Python file activates the extension; the warning squiggle follows.
    const squiggle = page.locator(selectors.squiggleWarning).first();
    await squiggle.waitFor({ timeout: 30_000 });
    // The squiggle is drawn under the text: point at the text above it, as a person would.
    const box = (await squiggle.boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x, y);
    const hover = page.locator(selectors.editorHover).filter({ hasText: 'NodeSelector has no min_vram_gb' });
    await hover.waitFor({ timeout: 15_000 });
    assert.match(await hover.innerText(), /chutes\(node-selector\/min-vram-alias\)/);
    await page.keyboard.press('Escape');

    // Cursor on the problem, Ctrl+. and pick the fix.
    await page.mouse.click(x, y);
    await page.keyboard.press('Control+Period');
    const fix = page.locator(selectors.codeActionRows).filter({ hasText: 'Rename to min_vram_gb_per_gpu' });
    await fix.waitFor({ timeout: 15_000 });
    await screenshot(page, 'editor-quick-fix');
    await fix.click();

    await page.locator(selectors.editorLines).filter({ hasText: 'min_vram_gb_per_gpu=80' }).waitFor({ timeout: 15_000 });
    const text = await editorText();
    assert.ok(text.includes('min_vram_gb_per_gpu=80,'), text);
    assert.ok(!text.includes('min_vram_gb=80'), text);
    await page.locator(selectors.squiggleWarning).waitFor({ state: 'detached', timeout: 15_000 });
  }));
