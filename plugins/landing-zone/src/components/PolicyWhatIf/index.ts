export { PolicyWhatIfPage } from './PolicyWhatIfPage';
export {
  PolicyEditor,
  type PolicyEditorHandle,
  minifiedLength,
  prettyPolicy,
  POLICY_MAX_CHARACTERS,
} from './PolicyEditor';
export { sameDocument } from './PolicyEditor';
export { WhatIfError } from './WhatIfError';
export { Problems } from './Problems';
