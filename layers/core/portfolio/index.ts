/** Portfolio construction: from a strategy's view to a sized order intent. */
export { intentIdFor, sizeOrderIntent } from './sizing';
export type { SizingAccount, SizingConfig, SizingInput, SizingResult } from './sizing';
