import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';

/**
 * Counts items by their key prefix (APP, TASK, DEDUP, ...), straight from the store. Rate-limit windows are left
 * out: they count that a client sent a request (like an access log), not anything the request carried.
 */
export async function countItems(dynamoUrl: string): Promise<Record<string, number>> {
  const client = new DynamoDBClient({ endpoint: dynamoUrl, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const counts: Record<string, number> = {};
  let ExclusiveStartKey: ScanCommand['input']['ExclusiveStartKey'];
  do {
    const page = await client.send(new ScanCommand({ TableName: LOCAL_TABLE_NAME, ExclusiveStartKey }));
    for (const item of page.Items ?? []) {
      const kind = `${item.pk?.S?.split('#')[0]}:${item.sk?.S?.split('#')[0]}`;
      if (kind !== 'RATE:RATE') counts[kind] = (counts[kind] ?? 0) + 1;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  client.destroy();
  return counts;
}
