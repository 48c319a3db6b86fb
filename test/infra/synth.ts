import { App, CfnElement, type Environment } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { JaringStack, type JaringStackProps } from '../../infra/stacks/jaring-stack.ts';

/**
 * A Jaring stack as `infra/app.ts` builds it, with esbuild bundling skipped: the empty `aws:cdk:bundling-stacks`
 * list names no stack to bundle, so the functions keep a placeholder asset and a synth takes seconds.
 */
export function buildJaring(stage: string, env?: Environment, props: Partial<JaringStackProps> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return { app, stack: new JaringStack(app, `Jaring-${stage}`, { stage, env, ...props }) };
}

/** As `buildJaring`, synthesized. The app is then synthesized for good: a later app.synth() runs no plugin. */
export function synthJaring(stage: string, env?: Environment, props: Partial<JaringStackProps> = {}) {
  const built = buildJaring(stage, env, props);
  return { ...built, template: Template.fromStack(built.stack) };
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalId(stack: JaringStack, construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return stack.getLogicalId(resource);
}

/** Lookups every template test makes: a catalog function's construct and logical id, the one resource of a type. */
export function templateQueries(stack: JaringStack, template: Template) {
  const handler = (name: string) => {
    const found = stack.handlers.get(name);
    if (!found) throw new Error(`No function for ${name}`);
    return found;
  };
  return {
    handler,
    functionId: (name: string) => logicalId(stack, handler(name).function),
    onlyResource: (type: string) => {
      const [resource, ...others] = Object.values(template.findResources(type));
      if (!resource || others.length > 0) throw new Error(`Expected exactly one ${type}`);
      return resource;
    },
  };
}
