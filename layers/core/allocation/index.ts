/**
 * Allocation room: position sizing (fixed fractional, volatility target, fractional Kelly) and
 * portfolio optimisation (mean-variance via quadprog's Goldfarb–Idnani QP, risk parity, hierarchical
 * risk parity). Pure: no I/O, no clock. Inputs per period; weights are fractions of capital.
 */
export { boundRows, resolveBounds, type Bounds, type WeightConstraints } from './constraints';
export { solveQuadraticProgram, type LinearConstraint, type QpResult, type QuadraticProgram } from './qp';
export { maximumSharpe, minimumVariance, targetReturnPortfolio, unconstrainedTangencyWeights, type OptimisationResult } from './mean-variance';
export { riskContributions, riskParity, type RiskParityResult } from './risk-parity';
export { hierarchicalRiskParity, hrpDistances, quasiDiagonalOrder, recursiveBisection, singleLinkage, type HrpResult, type Merge } from './hrp';
export { fixedFractionalSize, fractionalKelly, volatilityTargetWeight, type Edge, type FixedFractionalSize, type KellySize } from './sizing';
