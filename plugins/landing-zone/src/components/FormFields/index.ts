import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { AccountPicker } from './AccountPicker';
import { OuPicker } from './OuPicker';

/** `ui:field: LandingZoneOuPicker` in a template's parameters. */
export const ouPickerField = createFormField({
  name: 'LandingZoneOuPicker',
  component: OuPicker,
});

/** `ui:field: LandingZoneAccountPicker` in a template's parameters. */
export const accountPickerField = createFormField({
  name: 'LandingZoneAccountPicker',
  component: AccountPicker,
});

export { AccountPicker, OuPicker };
export { isSuspendedOu } from './OuPicker';
export { whyNot, type AccountPickerOptions } from './AccountPicker';
