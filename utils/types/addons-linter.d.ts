/** The part of Mozilla's addons-linter API that scripts/lint-firefox.ts uses; the package ships no types. */
declare module 'addons-linter' {
  export function createInstance(options: { config: Record<string, unknown>; runAsBinary?: boolean }): { run(): Promise<unknown> };
}
