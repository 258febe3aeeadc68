import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../../../layers/adapters/aws/clients';
import { queryNewest } from '../../../../../layers/adapters/aws/dynamo/queries';
import { physicalName } from '../../../../../layers/contracts';
import { provisionLocalResources } from '../../../../../local/provision';

describe('queryNewest', () => {
  it('follows LastEvaluatedKey past the 1 MB page limit and returns newest first', async () => {
    const prefix = `queries${Date.now().toString(36)}-`;
    await provisionLocalResources({ prefix });
    const doc = createDocumentClient();
    const tableName = physicalName.table(prefix, 'risk-audit');
    const pad = 'x'.repeat(100_000); // 30 items × 100 kB = 3 MB: at least three pages
    for (let i = 0; i < 30; i += 1) {
      await doc.send(new PutCommand({ TableName: tableName, Item: { intentId: `i${i}`, decidedAt: i, accountId: 'acct', pad } }));
    }
    const where = { tableName, indexName: 'byAccount', partitionKey: 'accountId', value: 'acct' };
    const all = await queryNewest(doc, where, 100, (item) => (item as { decidedAt: number }).decidedAt);
    expect(all).toEqual(Array.from({ length: 30 }, (_, i) => 29 - i));
    const some = await queryNewest(doc, where, 12, (item) => (item as { decidedAt: number }).decidedAt);
    expect(some).toEqual(Array.from({ length: 12 }, (_, i) => 29 - i));
  });
});
