// asl-validator 4 ships no type declarations; these cover the call the workflow tests make.
declare module 'asl-validator' {
  interface ValidationError {
    'Error code': string;
    Message: string;
  }
  interface ValidationResult {
    isValid: boolean;
    errors: ValidationError[];
    errorsText(separator?: string): string;
  }
  interface ValidatorOptions {
    checkPaths?: boolean;
    checkArn?: boolean;
  }
  function validator(definition: unknown, options?: ValidatorOptions): ValidationResult;
  export = validator;
}
