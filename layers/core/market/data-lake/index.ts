export { DataLakeMarketData } from './dataLakeMarketData';
export type { DataLakeOptions } from './dataLakeMarketData';
