/**
 * Types of `quadprog` 1.6.1 (MIT; Alberto Santini's JavaScript port of R's quadprog, the dual method
 * of Goldfarb & Idnani 1982/1983). The package ships no types. It keeps Fortran's 1-based arrays:
 * index 0 of every array is unused. It minimises −dᵀb + ½bᵀDb subject to Aᵀb ≥ b0, the first `meq`
 * constraints being equalities; Amat is n × q (variables × constraints). It overwrites Dmat and dvec.
 */
declare module 'quadprog' {
  export interface SolveQPResult {
    readonly solution: number[];
    readonly Lagrangian: number[];
    readonly value: number[];
    readonly iterations: number[];
    readonly iact: number[];
    readonly message: string;
  }
  export function solveQP(Dmat: number[][], dvec: number[], Amat: number[][], bvec: number[], meq?: number, factorized?: number[]): SolveQPResult;
  const quadprog: { solveQP: typeof solveQP };
  export default quadprog;
}
