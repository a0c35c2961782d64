/**
 * The widgets keep their own copies of the API's fixed lists (they import nothing but types from
 * api/, and the bundle carries no zod): this keeps each copy equal to the list the API validates.
 */
import { expect, it } from 'vitest';
import * as api from '../api/schemas/settings.ts';
import * as widgets from '../widgets/user-settings/options.ts';

it('<user-settings> offers exactly the tones, aspect ratios and integrations the API accepts', () => {
  expect(widgets.tones).toEqual(api.tones);
  expect(widgets.aspectRatios).toEqual(api.aspectRatios);
  expect(widgets.integrationNames).toEqual(api.integrationNames);
});
