// Placeholder until the handler lands; replaced by the real middy handler.
export const handler = async (): Promise<never> => {
  throw new Error('market-calendar handler is not implemented yet');
};
