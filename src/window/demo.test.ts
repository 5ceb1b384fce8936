// The demo's first start offers an applicant one published one-thing service, once.
import { describe, expect, it } from 'vitest';
import { openTestApp, signInAs } from '../../test/support/app.js';
import { dbTargets } from '../../test/support/db.js';
import { DEMO_SERVICE_NAME, seedDemoService } from './demo.js';
import type { FormSchema } from './form.js';
import { sampleCreditCode, sampleForm } from './sample.js';

const targets = await dbTargets();

describe.each(targets)('the demo service on $name', (target) => {
  it('is published once, and an applicant can apply for it', async () => {
    const t = await openTestApp(target);
    try {
      const first = await seedDemoService(t.store.db);
      expect(first.seeded).toBe(true);
      expect(await seedDemoService(t.store.db)).toEqual({ seeded: false });
      const applicant = await signInAs(t.app, 'applicant');
      const services = ((await applicant.inject({ method: 'GET', url: '/api/window/services' })).json() as { items: Array<{ id: number; name: string }> }).items;
      expect(services.map((s) => s.name)).toEqual([DEMO_SERVICE_NAME]);
      const schema = (await applicant.inject({ method: 'GET', url: `/api/window/services/${first.bundleId}` })).json().form.schema as FormSchema;
      const draft = await applicant.inject({
        method: 'POST',
        url: '/api/window/applications',
        payload: { serviceId: first.bundleId, form: sampleForm(schema, { uscc: sampleCreditCode() }) },
      });
      expect(draft.statusCode, draft.body).toBe(201);
    } finally {
      await t.close();
    }
  });
});
