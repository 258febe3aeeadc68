import {
  accountTradableCheck,
  buyingPowerCheck,
  duplicateIntentCheck,
  killSwitchCheck,
  marketOpenCheck,
  maxOrderNotionalCheck,
  maxOrderQuantityCheck,
  maxPositionNotionalCheck,
  priceCollarCheck,
  restrictedSymbolCheck,
  staleMarketDataCheck,
} from './checks/basicChecks';
import type { PreTradeCheck } from './preTradeCheck';

/**
 * Every pre-trade check, in the order they are reported. To add a check, write a PreTradeCheck
 * (a pure function of intent and PreTradeContext) and append it here; verifyIntent runs them all.
 */
export const PRE_TRADE_CHECKS: readonly PreTradeCheck[] = [
  killSwitchCheck,
  accountTradableCheck,
  marketOpenCheck,
  staleMarketDataCheck,
  restrictedSymbolCheck,
  duplicateIntentCheck,
  maxOrderQuantityCheck,
  maxOrderNotionalCheck,
  maxPositionNotionalCheck,
  buyingPowerCheck,
  priceCollarCheck,
];
