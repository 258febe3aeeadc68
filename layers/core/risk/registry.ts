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
import { dailyLossCheck, maxDrawdownCheck } from './checks/lossChecks';
import {
  haltedSymbolCheck,
  liquidityCheck,
  orderRatePerDayCheck,
  orderRatePerMinuteCheck,
  patternDayTraderCheck,
  postTradeVarCheck,
  shortSaleCheck,
  volatilityHaltCheck,
} from './checks/marketChecks';
import {
  instrumentExecutableCheck,
  optionContractsCheck,
  optionsApprovalCheck,
  portfolioDeltaCheck,
  portfolioGammaCheck,
  portfolioVegaCheck,
} from './checks/optionChecks';
import {
  assetClassExposureCheck,
  concentrationCheck,
  grossLeverageCheck,
  maxOpenOrdersCheck,
  netLeverageCheck,
  sectorExposureCheck,
} from './checks/portfolioChecks';
import type { PreTradeCheck } from './preTradeCheck';

/**
 * Every pre-trade check, in the order they are reported. To add a check, write a PreTradeCheck
 * (a pure function of intent and PreTradeContext) and append it here; verifyIntent runs them all.
 */
export const PRE_TRADE_CHECKS: readonly PreTradeCheck[] = [
  // the account and the switch
  killSwitchCheck,
  accountTradableCheck,
  dailyLossCheck,
  maxDrawdownCheck,
  // the market and the instrument
  marketOpenCheck,
  staleMarketDataCheck,
  restrictedSymbolCheck,
  haltedSymbolCheck,
  volatilityHaltCheck,
  instrumentExecutableCheck,
  duplicateIntentCheck,
  // the order
  maxOrderQuantityCheck,
  maxOrderNotionalCheck,
  priceCollarCheck,
  liquidityCheck,
  buyingPowerCheck,
  shortSaleCheck,
  optionsApprovalCheck,
  optionContractsCheck,
  // activity
  orderRatePerMinuteCheck,
  orderRatePerDayCheck,
  maxOpenOrdersCheck,
  patternDayTraderCheck,
  // the portfolio after the order
  maxPositionNotionalCheck,
  concentrationCheck,
  sectorExposureCheck,
  assetClassExposureCheck,
  grossLeverageCheck,
  netLeverageCheck,
  portfolioDeltaCheck,
  portfolioGammaCheck,
  portfolioVegaCheck,
  postTradeVarCheck,
];
