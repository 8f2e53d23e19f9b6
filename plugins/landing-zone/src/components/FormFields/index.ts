import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { AccountPicker } from './AccountPicker';
import {
  AccountNameField,
  availabilityValidator,
  RootEmailField,
} from './AvailableValue';
import { CidrPreview } from './CidrPreview';
import { OuPicker } from './OuPicker';
import { PolicyEditorField, policyEditorValidator } from './PolicyEditorField';
import { RegionPicker, regionValidator } from './RegionPicker';

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

/** `ui:field: LandingZoneRegionPicker`: regions the chosen OU allows. */
export const regionPickerField = createFormField({
  name: 'LandingZoneRegionPicker',
  component: RegionPicker,
  validation: regionValidator,
});

/** `ui:field: LandingZoneAccountName`: valid by AWS's rules and free. */
export const accountNameField = createFormField({
  name: 'LandingZoneAccountName',
  component: AccountNameField,
  validation: availabilityValidator('name'),
});

/** `ui:field: LandingZoneRootEmail`: valid by AWS's rules and free. */
export const rootEmailField = createFormField({
  name: 'LandingZoneRootEmail',
  component: RootEmailField,
  validation: availabilityValidator('email'),
});

/** `ui:field: LandingZoneCidrPreview`: the block the VPC would get now. */
export const cidrPreviewField = createFormField({
  name: 'LandingZoneCidrPreview',
  component: CidrPreview,
});

/** `ui:field: LandingZonePolicyEditor`: an existing SCP or RCP, edited. */
export const policyEditorField = createFormField({
  name: 'LandingZonePolicyEditor',
  component: PolicyEditorField,
  validation: policyEditorValidator,
});

export { AccountPicker, CidrPreview, OuPicker, RegionPicker };
export {
  PolicyEditorField,
  policyEditorValidator,
  type PolicyEditorOptions,
  type PolicyEditorValue,
} from './PolicyEditorField';
export { AccountNameField, RootEmailField } from './AvailableValue';
export { isSuspendedOu } from './OuPicker';
export { whyNot, type AccountPickerOptions } from './AccountPicker';
export type { RegionPickerOptions } from './RegionPicker';
