// Waiting for Ant Design's pop-ups to finish opening before acting inside them.
import type { Locator } from 'playwright-core';

/** A dialog's zoom, a select list's or a pop-confirm's slide, while it is still opening. */
const OPENING = ['zoom', 'zoom-big', 'slide-up', 'slide-down'].flatMap((m) => [`.ant-${m}-appear`, `.ant-${m}-enter`]).join(', ');

/**
 * Resolves once `target` is shown and no pop-up of its page is still opening. Before its
 * animation starts (a few frames, longer on a loaded machine) a dialog stands at its final place
 * at opacity 0, which Playwright takes for visible and still; then the animation shrinks it to a
 * fifth and grows it back, so a click pressed before that and released after it lands nowhere.
 */
export async function opened(target: Locator): Promise<void> {
  await target.waitFor();
  await target.page().waitForFunction((selector) => !document.querySelector(selector), OPENING);
}
