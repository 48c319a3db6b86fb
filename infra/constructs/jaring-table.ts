import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE, TTL_ATTRIBUTE } from '../../functions/lib/table-layout.ts';

export interface JaringTableProps {
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

/** The single table of `functions/lib/table-layout.ts`, encrypted with its own key. */
export class JaringTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: JaringTableProps) {
    super(scope, id);

    // The key shares the table's removal policy: a retained table is unreadable without its key.
    const key = new Key(this, 'Key', {
      description: 'Jaring application table (personal data of applicants)',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Rate-limit windows carry `expiresAt` (epoch seconds); DynamoDB deletes them once past.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      removalPolicy: props.removalPolicy,
      deletionProtection: props.deletionProtection,
    });
    for (const index of TABLE.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
  }
}
