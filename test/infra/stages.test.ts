/**
 * Issue #12, stages: what `-c stage=prod` changes against dev (data kept, deletion protection, a year of logs) and
 * what both share (PITR, staff MFA with an authenticator app, the password policy, threat protection).
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthJaring } from './synth.ts';

const templates: Record<'dev' | 'prod', Template> = { dev: synthJaring('dev').template, prod: synthJaring('prod').template };
const DATA = ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Cognito::UserPool', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret'];

describe('prod, against dev', () => {
  it('keeps the data when the stack or a resource goes; dev removes it', () => {
    for (const type of DATA) {
      const prod = Object.values(templates.prod.findResources(type));
      expect(prod.length, type).toBeGreaterThan(0);
      // The origin secret goes with the stack in both: it guards no stored data (jaring-stack.ts).
      expect(prod.filter((r) => r.DeletionPolicy !== 'Retain').length, type).toBe(type === 'AWS::SecretsManager::Secret' ? 1 : 0);
      expect(Object.values(templates.dev.findResources(type)).filter((r) => r.DeletionPolicy === 'Retain'), type).toEqual([]);
    }
  });

  it('protects the table and the user pool from deletion', () => {
    templates.prod.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    templates.prod.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    templates.dev.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
    templates.dev.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
  });

  it('keeps logs a year, dev a month', () => {
    const retention = (t: Template) => new Set(Object.values(t.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties?.RetentionInDays));
    // The staff sign-in events are kept a year in both (staff-user-pool.ts).
    expect([...retention(templates.prod)]).toEqual([365]);
    expect([...retention(templates.dev)].sort()).toEqual([30, 365]);
  });
});

describe.each(['dev', 'prod'] as const)('both stages (%s)', (stage) => {
  it('recover the table to any point of the last 35 days', () => {
    templates[stage].hasResourceProperties('AWS::DynamoDB::Table', { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
  });

  it('require staff to sign in with an authenticator app, a strong unrepeated password and threat protection', () => {
    templates[stage].hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, PasswordHistorySize: 5, TemporaryPasswordValidityDays: 3 } },
    });
  });
});
